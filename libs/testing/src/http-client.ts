/** The HTTP calls specs make to apps running in processes of their own (supertest cannot reach them). */

/**
 * POSTs `body` as JSON to `url` with fetch, as a client over the network would
 * (specs that drive a built app in its own process cannot use supertest).
 */
export function postJson(
  url: string,
  body: unknown,
  init: Pick<RequestInit, 'signal'> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
}

/** GET `url` and its status and text, or the network error as status 0. */
export async function httpGet(url: string): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10000) });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    return { status: 0, text: (error as Error).message };
  }
}
