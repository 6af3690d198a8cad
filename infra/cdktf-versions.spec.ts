import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from './lib/paths';

/**
 * CDKTF is deprecated and its packages no longer move: the library, the CLI and the prebuilt AWS
 * bindings stay pinned exactly, the CLI at the library's version, so an install never brings a
 * different provider version than the one the synthesized JSON names.
 */
describe('CDKTF package pins', () => {
  const repoRoot = findRepoRoot();
  const read = (path: string) =>
    JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as Record<string, unknown>;
  const devDependencies = read('package.json').devDependencies as Record<string, string>;
  const installed = (name: string) =>
    (read(join('node_modules', name, 'package.json')) as { version: string }).version;

  it.each(['cdktf', 'cdktf-cli', '@cdktf/provider-aws'])(
    'pins %s exactly, and that version is installed',
    (name) => {
      expect(devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
      expect(installed(name)).toBe(devDependencies[name]);
    },
  );

  it('runs the CLI of the library version', () => {
    expect(devDependencies['cdktf-cli']).toBe(devDependencies.cdktf);
  });
});
