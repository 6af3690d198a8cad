import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const read = (file: string) => readFileSync(resolve(__dirname, '..', file), 'utf8');

/**
 * What is tested is what is deployed: `.nvmrc` names the Node.js major, scripts/ensure-node.sh
 * puts it on the PATH of `npm test`, `npm run local` and CI, and the images are built from it.
 */
describe('the Node.js runtime', () => {
  const major = read('.nvmrc').trim().replace(/^v/, '').split('.')[0];

  it('is a supported LTS (Node 20 reached end of life on 2026-04-30)', () => {
    expect(Number(major)).toBeGreaterThanOrEqual(22);
  });

  it('runs this test suite (run it with npm test, or source scripts/ensure-node.sh first)', () => {
    expect(process.version).toMatch(new RegExp(`^v${major}\\.`));
  });

  it('is the one every image stage is built from', () => {
    const bases = [...read('docker/Dockerfile').matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    // Pinned by digest (infra/config/dockerfile.spec.ts): the tag is what names the major.
    for (const base of bases) expect(base.split('@')[0]).toBe(`node:${major}-alpine`);
  });

  it('is what package.json engines requires', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${major}`);
  });
});
