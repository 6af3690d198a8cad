import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceHash } from './source-hash';

describe(sourceHash.name, () => {
  let root: string;
  const write = (path: string, content: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'source-hash-'));
    write('apps/order-receiver/src/main.ts', 'console.log(1);');
    write('libs/storage/src/index.ts', 'export {};');
    write('package-lock.json', '{}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is stable for an unchanged tree and usable as an image tag', () => {
    const sut = sourceHash(root);
    expect(sourceHash(root)).toBe(sut);
    expect(sut).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes when a source file changes', () => {
    const before = sourceHash(root);
    write('libs/storage/src/index.ts', 'export const x = 1;');
    expect(sourceHash(root)).not.toBe(before);
  });

  it('changes when the pinned base image digest changes, so a new base rolls the services', () => {
    const pinned = (digest: string) =>
      `FROM node:22-alpine@sha256:${digest.repeat(64)} AS runtime\nUSER node\n`;
    write('docker/Dockerfile', pinned('a'));
    const before = sourceHash(root);
    write('docker/Dockerfile', pinned('b'));
    expect(sourceHash(root)).not.toBe(before);
  });

  it('changes when a file is renamed with the same content', () => {
    const before = sourceHash(root);
    rmSync(join(root, 'libs/storage/src/index.ts'));
    write('libs/storage/src/other.ts', 'export {};');
    expect(sourceHash(root)).not.toBe(before);
  });

  it('ignores build output, dependencies and paths outside the image sources', () => {
    const before = sourceHash(root);
    write('apps/order-receiver/node_modules/x/index.js', 'x');
    write('dist/apps/order-receiver/src/main.js', 'x');
    write('loadtest/locustfile.py', 'x');
    write('README.md', 'x');
    expect(sourceHash(root)).toBe(before);
  });
});
