/**
 * Cruises trees with dependency-cruiser's API and the rules of .dependency-cruiser.cjs, and prints one
 * JSON object on stdout: for each root given, its violations and its dependencies (the import as
 * written, what it resolved to).
 *
 *   node scripts/boundaries/cruise.mjs ROOT...
 *
 * Each ROOT is cruised as the repository is by `npm run check:boundaries`: its apps, libs, scripts,
 * loadtest and infra folders (those that exist), paths read relative to ROOT, and the config's
 * tsconfig.json taken from ROOT (when there is one) resolving the path aliases. A process of its own
 * because dependency-cruiser is ESM only and jest's CommonJS module system cannot load it.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FOLDERS = ['apps', 'libs', 'scripts', 'loadtest', 'infra'];

const config = await extractDepcruiseOptions(join(repoRoot, '.dependency-cruiser.cjs'));

async function cruiseRoot(root) {
  // The config's tsconfig.json, read from ROOT (a fixture without aliases has none).
  const tsConfigFile = config.tsConfig?.fileName && join(root, config.tsConfig.fileName);
  const hasTsConfig = Boolean(tsConfigFile) && existsSync(tsConfigFile);
  const options = {
    ...config,
    baseDir: root,
    tsConfig: hasTsConfig ? { fileName: tsConfigFile } : undefined,
  };
  const folders = FOLDERS.filter((folder) => existsSync(join(root, folder)));
  const { output } = await cruise(
    folders,
    options,
    // Resolvers are cached per process; each root has its own aliases.
    { bustTheCache: true },
    hasTsConfig ? { tsConfig: extractTSConfig(tsConfigFile) } : {},
  );
  return {
    violations: output.summary.violations.map(({ rule, from, to, via, cycle }) => ({
      rule: rule.name,
      from,
      to,
      via: (via ?? cycle)?.map((step) => step.name),
    })),
    dependencies: output.modules.flatMap((module) =>
      module.dependencies.map((dependency) => ({
        from: module.source,
        module: dependency.module,
        to: dependency.resolved,
        resolved: !dependency.couldNotResolve,
      })),
    ),
  };
}

const result = {};
for (const root of process.argv.slice(2)) result[root] = await cruiseRoot(resolve(root));
process.stdout.write(JSON.stringify(result));
