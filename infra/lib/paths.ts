import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * The repository root: the nearest directory above this file holding
 * `infra/cdktf.json`. Works from the TypeScript sources (jest) and from the
 * compiled app in `dist/infra/` (`npm run infra:build`).
 */
export function findRepoRoot(start: string = __dirname): string {
  let directory = start;
  while (!existsSync(join(directory, 'infra', 'cdktf.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`No infra/cdktf.json above ${start}`);
    directory = parent;
  }
  return directory;
}

/**
 * Where `app.synth()` writes: `CDKTF_OUTDIR` when the cdktf CLI sets it
 * (relative paths are relative to infra/, where cdktf.json lives), else
 * `infra/cdktf.out`.
 */
export function synthOutdir(repoRoot: string, outdir: string | undefined): string {
  const infraDir = join(repoRoot, 'infra');
  if (!outdir) return join(infraDir, 'cdktf.out');
  return isAbsolute(outdir) ? outdir : resolve(infraDir, outdir);
}

/**
 * `target` as seen from the directory cdktf runs Terraform in for a stack, `<outdir>/stacks/<stack>`
 * (cdktf's manifest names it), so the synthesized JSON points at the same file on any machine and
 * plain `terraform` run in that directory finds it too.
 */
export function fromStackDir(outdir: string, stackName: string, target: string): string {
  return relative(join(outdir, 'stacks', stackName), target) || '.';
}
