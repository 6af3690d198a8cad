/** The HTTP calls specs make to apps running in processes of their own (supertest cannot reach them). */

/** What a call may add: an abort signal, and a bearer token for the receiver's order routes. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly token?: string;
}

const authorization = (token?: string): Record<string, string> =>
  token === undefined ? {} : { authorization: `Bearer ${token}` };

/**
 * POSTs `body` as JSON to `url` with fetch, as a client over the network would
 * (specs that drive a built app in its own process cannot use supertest).
 */
export function postJson(url: string, body: unknown, { signal, token }: CallOptions = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authorization(token) },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

/** GET `url` and its status and text, or the network error as status 0. */
export async function httpGet(
  url: string,
  { token }: CallOptions = {},
): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10000), headers: authorization(token) });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    return { status: 0, text: (error as Error).message };
  }
}
