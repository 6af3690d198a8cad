import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the first parent of this file with a package.json (from the sources and from dist/). */
export const REPO_ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
