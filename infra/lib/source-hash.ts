import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Content hash of everything that goes into the container images, used as the
 * image tag: a change under these paths gives a new tag (new task definitions,
 * services roll), an unchanged tree gives the same tag (nothing to deploy). The base image is
 * part of it because docker/Dockerfile pins it by digest: a new digest is a new tag.
 */
export const IMAGE_SOURCES = [
  'apps',
  'libs',
  'scripts',
  'docker',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
] as const;

/**
 * The files git tracks under `sources` (paths relative to `root`, `/`-separated), read from the
 * index with `git ls-files`: an untracked or ignored file never changes the tag, so two clones of
 * one commit deploy the same tag. Throws outside a git work tree: without git there is no way to
 * tell a source from a stray file, and the build-on-deploy path needs one.
 */
function trackedFiles(root: string, sources: readonly string[]): string[] {
  let output: string;
  try {
    output = execFileSync('git', ['ls-files', '-z', '--', ...sources], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(
      `sourceHash: cannot list the files git tracks in ${root} (${reason}). The image tag of a ` +
        'build on deploy hashes tracked files only: deploy from a git clone, or set INFRA_IMAGE_TAG ' +
        'to images already pushed',
    );
  }
  return output.split('\0').filter((file) => file !== '');
}

/**
 * Hex SHA-256 (first `length` characters) over the relative path and working-tree content of
 * every tracked file under `sources`, in a stable order so the hash only depends on content. A
 * tracked file's uncommitted edit still counts: it is what `docker build` would copy.
 */
export function sourceHash(root: string, sources: readonly string[] = IMAGE_SOURCES, length = 16): string {
  const hash = createHash('sha256');
  // A tracked file deleted from the working tree is not in the build context either.
  const files = trackedFiles(root, sources)
    .filter((file) => existsSync(join(root, file)))
    .sort();
  for (const file of files) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, length);
}
