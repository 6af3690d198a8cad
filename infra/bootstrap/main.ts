import { isAbsolute, join, resolve } from 'node:path';
import { App } from 'cdktf';
import { loadBootstrapConfig } from '../config/bootstrap-config';
import { findRepoRoot } from '../lib/paths';
import { BootstrapStack } from '../stacks/bootstrap.stack';

// Composition only: the once-per-account bootstrap stack (`cd infra/bootstrap && npx cdktf deploy`),
// a separate app so that `cd infra && npx cdktf deploy` stays the one orders stack.
const repoRoot = findRepoRoot();
const bootstrapDir = join(repoRoot, 'infra', 'bootstrap');
const outdir = process.env.CDKTF_OUTDIR;
const app = new App({
  outdir: !outdir
    ? join(bootstrapDir, 'cdktf.out')
    : isAbsolute(outdir)
      ? outdir
      : resolve(bootstrapDir, outdir),
});
new BootstrapStack(app, 'orders-bootstrap', {
  config: loadBootstrapConfig(process.env),
  stateFile: join(bootstrapDir, 'terraform.orders-bootstrap.tfstate'),
});
app.synth();
