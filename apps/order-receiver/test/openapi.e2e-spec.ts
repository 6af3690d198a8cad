import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@app/emulator';
import { ReceiverHarness } from './receiver-harness';

const PUBLISHED = join(REPO_ROOT, 'docs/openapi.json');

/**
 * docs/openapi.json is the published contract: what the receiver serves at /docs-json, byte for
 * byte. A change of the API's contract is a change of that file, made on purpose and reviewed:
 * `npm run openapi:write` runs this spec with OPENAPI_WRITE=1, which rewrites the file from the
 * served document; then review `git diff docs/openapi.json`. What the file must satisfy (redocly's
 * recommended rules, valid examples, bearer auth) is checked on it by
 * src/http/openapi-contract.spec.ts.
 */
describe('docs/openapi.json, the published contract (e2e, moto)', () => {
  let sut: ReceiverHarness;

  beforeAll(async () => {
    sut = await ReceiverHarness.start();
  });
  afterAll(() => sut.stop());

  it('is the document the receiver serves at /docs-json', async () => {
    const served = (await sut.http.get('/docs-json').expect(200)).text;
    if (process.env.OPENAPI_WRITE === '1') writeFileSync(PUBLISHED, served);
    expect(served).toBe(readFileSync(PUBLISHED, 'utf8'));
  });
});
