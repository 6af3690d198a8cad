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
