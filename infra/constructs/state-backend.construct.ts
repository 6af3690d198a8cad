import { isAbsolute } from 'node:path';
import { Construct } from 'constructs';
import { LocalBackend, S3Backend, TerraformBackend } from 'cdktf';
import type { RemoteState } from '../config/stack-config';

export interface StateBackendProps {
  /**
   * The local state file, relative to the stack's working directory (`<outdir>/stacks/<stack>`, where
   * cdktf and plain `terraform` run), so the synthesized JSON holds no machine's path.
   */
  readonly localPath: string;
  /** The shared state in S3; when given, `localPath` is not used. */
  readonly remote?: RemoteState;
}

/**
 * Where Terraform keeps this stack's state: a local file by default, or an S3 object with native
 * locking (a `.tflock` object beside the state, Terraform 1.10 or later) when a bucket is given. The
 * S3 state is encrypted at rest by the bucket's default encryption. cdktf 0.21's `S3Backend` has no `use_lockfile` option, so it is
 * added as an override; the DynamoDB lock table it does offer is deprecated by Terraform.
 */
export class StateBackendConstruct extends Construct {
  public readonly backend: TerraformBackend;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const { localPath, remote } = props;
    if (remote) {
      if (!remote.bucket || !remote.region || !remote.key || remote.key.startsWith('/')) {
        throw new Error(
          'StateBackendConstruct: remote state needs a bucket, a region and a key without a leading /',
        );
      }
      // No `encrypt`: with it and no key id, Terraform sends SSE-S3 (AES256) with every write, which
      // overrides the bucket's default encryption (the bootstrap's KMS key). Every S3 object is
      // encrypted at rest by the bucket's default, at least SSE-S3.
      const backend = new S3Backend(this, remote);
      backend.addOverride('use_lockfile', true);
      this.backend = backend;
      return;
    }
    if (!localPath || isAbsolute(localPath)) {
      throw new Error(
        `StateBackendConstruct: localPath must be relative to the stack's working directory, got "${localPath}"`,
      );
    }
    this.backend = new LocalBackend(this, { path: localPath });
  }
}
