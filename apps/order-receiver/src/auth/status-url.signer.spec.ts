import { BearerChallengeException } from './bearer-challenge.exception';
import { StatusUrlSigner } from './status-url.signer';

const KEY = 'a-signing-key-of-at-least-32-characters';
const PATH = '/customers/customer-7/orders/order-2026-0001';
const NOW = Date.UTC(2026, 0, 1);

/** The query of a signed URL, as Fastify parses it. */
const queryOf = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe(StatusUrlSigner.name, () => {
  let now: number;
  let sut: StatusUrlSigner;
  beforeEach(() => {
    now = NOW;
    sut = new StatusUrlSigner(KEY, 900, () => now);
  });

  it('signs the path with an expiry TTL seconds ahead and a base64url HMAC-SHA256', () => {
    const url = sut.sign(PATH)!;
    expect(url).toMatch(new RegExp(`^${PATH}\\?expires=${NOW / 1000 + 900}&signature=[A-Za-z0-9_-]{43}$`));
  });

  it('accepts its own signature for GET on that path until it expires, as the order it names', () => {
    const query = queryOf(sut.sign(PATH)!);
    expect(sut.callerOf('GET', PATH, query)).toEqual({
      kind: 'status-url',
      customerId: 'customer-7',
      orderId: 'order-2026-0001',
    });
    now += 900_000;
    expect(sut.callerOf('GET', PATH, query).kind).toBe('status-url');
    now += 1000;
    expect(() => sut.callerOf('GET', PATH, query)).toThrow(/expired/);
  });

  it('decodes the ids of the path it signed', () => {
    const path = '/customers/a%20b%2Fc/orders/o-1';
    expect(sut.callerOf('GET', path, queryOf(sut.sign(path)!))).toMatchObject({ customerId: 'a b/c' });
  });

  it.each([
    ['another method', (q: Record<string, string>) => ['DELETE', PATH, q]],
    [
      'another order',
      (q: Record<string, string>) => ['GET', '/customers/customer-7/orders/order-2026-0002', q],
    ],
    [
      'a later expiry',
      (q: Record<string, string>) => ['GET', PATH, { ...q, expires: String(Number(q.expires) + 1) }],
    ],
    [
      'an altered signature',
      (q: Record<string, string>) => [
        'GET',
        PATH,
        {
          ...q,
          signature:
            `A${q.signature.slice(1)}` === q.signature
              ? `B${q.signature.slice(1)}`
              : `A${q.signature.slice(1)}`,
        },
      ],
    ],
    [
      'a truncated signature',
      (q: Record<string, string>) => ['GET', PATH, { ...q, signature: q.signature.slice(0, 20) }],
    ],
    ['no signature', (q: Record<string, string>) => ['GET', PATH, { expires: q.expires }]],
    [
      'a repeated parameter',
      (q: Record<string, string>) => ['GET', PATH, { ...q, signature: [q.signature, q.signature] }],
    ],
  ] as const)('refuses %s with a 401 challenge', (_case, change) => {
    const [method, path, query] = change(queryOf(sut.sign(PATH)!)) as [
      string,
      string,
      Record<string, unknown>,
    ];
    const error = catchError(() => sut.callerOf(method, path, query));
    expect(error).toBeInstanceOf(BearerChallengeException);
    expect((error as BearerChallengeException).getStatus()).toBe(401);
    expect((error as BearerChallengeException).wwwAuthenticate).toMatch(/error="invalid_token"/);
  });

  it("refuses another key's signature", () => {
    const other = new StatusUrlSigner(`${KEY}-other`, 900, () => now);
    expect(() => sut.callerOf('GET', PATH, queryOf(other.sign(PATH)!))).toThrow(
      /Invalid access token|lacks the scope/,
    );
  });

  it('without a key signs nothing and refuses every signature', () => {
    const unkeyed = new StatusUrlSigner(undefined, 900, () => now);
    expect(unkeyed.sign(PATH)).toBeUndefined();
    expect(() => unkeyed.callerOf('GET', PATH, queryOf(sut.sign(PATH)!))).toThrow(/not enabled/);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
