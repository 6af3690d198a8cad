import { isAbsolute, join, resolve } from 'node:path';
import { App } from 'cdktf';
import { loadBootstrapConfig } from '../config/bootstrap-config';
import { findRepoRoot, fromStackDir } from '../lib/paths';
import { BootstrapStack } from '../stacks/bootstrap.stack';

// Composition only: the once-per-account bootstrap stack (`cd infra/bootstrap && npx cdktf deploy`),
// a separate app so that `cd infra && npx cdktf deploy` stays the one orders stack.
const repoRoot = findRepoRoot();
const bootstrapDir = join(repoRoot, 'infra', 'bootstrap');
const requestedOutdir = process.env.CDKTF_OUTDIR;
const outdir = !requestedOutdir
  ? join(bootstrapDir, 'cdktf.out')
  : isAbsolute(requestedOutdir)
    ? requestedOutdir
    : resolve(bootstrapDir, requestedOutdir);
const app = new App({ outdir });
const stackName = 'orders-bootstrap';
new BootstrapStack(app, stackName, {
  config: loadBootstrapConfig(process.env),
  // Relative to the stack's directory, like the orders stack's: the JSON holds no machine's path.
  stateFile: fromStackDir(outdir, stackName, join(bootstrapDir, `terraform.${stackName}.tfstate`)),
});
app.synth();
