import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

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

/** Never part of an image (see docker/Dockerfile.dockerignore). */
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'coverage', '.git']);

function listFiles(root: string, path: string): string[] {
  const absolute = join(root, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute)
    .filter((entry) => !SKIPPED_DIRECTORIES.has(entry))
    .flatMap((entry) => listFiles(root, join(path, entry)));
}

/**
 * Hex SHA-256 (first `length` characters) over the relative path and content of
 * every file under `sources`, in a stable order so the hash only depends on content.
 */
export function sourceHash(root: string, sources: readonly string[] = IMAGE_SOURCES, length = 16): string {
  const hash = createHash('sha256');
  const files = sources.flatMap((source) => listFiles(root, source)).sort();
  for (const file of files) {
    hash.update(relative(root, join(root, file)).split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, length);
}
