import { execFileSync } from 'node:child_process';
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

  /** Stages every file in the work tree, as a commit of it would hold them. */
  const track = () => execFileSync('git', ['add', '-A'], { cwd: root });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'source-hash-'));
    execFileSync('git', ['init', '--quiet'], { cwd: root });
    write('apps/order-receiver/src/main.ts', 'console.log(1);');
    write('libs/storage/src/index.ts', 'export {};');
    write('package-lock.json', '{}');
    write('.gitignore', 'node_modules/\ndist/\n');
    track();
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
    track();
    const before = sourceHash(root);
    write('docker/Dockerfile', pinned('b'));
    expect(sourceHash(root)).not.toBe(before);
  });

  it('changes when a file is renamed with the same content', () => {
    const before = sourceHash(root);
    rmSync(join(root, 'libs/storage/src/index.ts'));
    write('libs/storage/src/other.ts', 'export {};');
    track();
    expect(sourceHash(root)).not.toBe(before);
  });

  it('ignores build output and dependencies (ignored by git) and paths outside the image sources', () => {
    const before = sourceHash(root);
    write('apps/order-receiver/node_modules/x/index.js', 'x');
    write('dist/apps/order-receiver/src/main.js', 'x');
    write('loadtest/locustfile.py', 'x');
    write('README.md', 'x');
    track();
    expect(sourceHash(root)).toBe(before);
  });

  it('ignores files git does not track, so an untracked file on a laptop gives the same tag as CI', () => {
    const before = sourceHash(root);
    write('apps/order-receiver/src/scratch.ts', 'debugger;');
    write('libs/storage/src/.env.local', 'SECRET=1');
    expect(sourceHash(root)).toBe(before);
    track();
    expect(sourceHash(root)).not.toBe(before);
  });

  it('counts an uncommitted edit of a tracked file, which docker build copies too', () => {
    const before = sourceHash(root);
    write('apps/order-receiver/src/main.ts', 'console.log(2);');
    expect(sourceHash(root)).not.toBe(before);
  });

  it('refuses to hash a directory that is not a git work tree, naming the way out', () => {
    const bare = mkdtempSync(join(tmpdir(), 'source-hash-no-git-'));
    try {
      expect(() => sourceHash(bare)).toThrow(/git tracks.*INFRA_IMAGE_TAG/s);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
