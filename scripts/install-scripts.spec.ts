import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@app/emulator';

/**
 * Every install script in the lockfile is decided in package.json's allowScripts (npm 11), so `npm ci`
 * warns about none, and nothing phones home while installing.
 */
describe('install scripts', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    allowScripts?: Record<string, boolean>;
    scarfSettings?: { enabled?: boolean };
  };

  it('runs on an npm that reads allowScripts (engines.npm: npm 11.16 or later)', () => {
    const version = execFileSync('npm', ['--version'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const [major, minor] = version.split('.').map(Number);
    const readsAllowScripts = major > 11 || (major === 11 && minor >= 16);
    expect({ npm: version, readsAllowScripts }).toEqual({ npm: version, readsAllowScripts: true });
  });

  it('leaves none undecided (npm install-scripts ls)', () => {
    // `ls` exits 0 either way; its text says whether any is left.
    const stdout = execFileSync('npm', ['install-scripts', 'ls'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(stdout).toContain('No packages with unreviewed install scripts');
  });

  it("denies Scarf's telemetry postinstall and opts out of its analytics", () => {
    expect(pkg.allowScripts?.['@scarf/scarf']).toBe(false);
    expect(pkg.scarfSettings?.enabled).toBe(false);
  });

  it("denies node-pty's install script: its tarball ships the prebuilt binaries the cdktf CLI loads", () => {
    expect(pkg.allowScripts?.['@cdktf/node-pty-prebuilt-multiarch']).toBe(false);
    const prebuilds = join(
      REPO_ROOT,
      'node_modules/@cdktf/node-pty-prebuilt-multiarch/prebuilds',
      `${process.platform}-${process.arch}`,
    );
    expect(readdirSync(prebuilds)).toContain(`node.abi${process.versions.modules}.node`);
  });
});
