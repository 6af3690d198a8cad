import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { resourceNames } from '@app/aws-resources';
import { loadStackConfig } from './config/stack-config';
import { findRepoRoot, fromStackDir, synthOutdir } from './lib/paths';
import { sourceHash } from './lib/source-hash';
import { OrdersStack } from './stacks/orders.stack';

// Composition only: configuration in, one stack per run (INFRA_ENVIRONMENT picks which), synth out.
const repoRoot = findRepoRoot();
const config = loadStackConfig(process.env);
const outdir = synthOutdir(repoRoot, process.env.CDKTF_OUTDIR);
const app = new App({ outdir });
const stackName = resourceNames(config.environment).prefix;
// Paths in the JSON are relative to the stack's directory: they hold no machine's layout.
const stackPath = (target: string) => fromStackDir(outdir, stackName, target);
new OrdersStack(app, stackName, {
  config,
  // Pushed images need no sources; a build on deploy tags them with a hash of the tracked ones.
  imageTag: config.imageTag ?? sourceHash(repoRoot),
  contextDir: stackPath(repoRoot),
  standbyPageHtml: readFileSync(join(repoRoot, 'infra', 'standby', 'index.html'), 'utf8'),
  standbyEdgeCode: readFileSync(join(repoRoot, 'infra', 'standby', 'standby-edge.js'), 'utf8'),
  stateFile: stackPath(join(repoRoot, 'infra', `terraform.${stackName}.tfstate`)),
});
app.synth();
