import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';

export interface GeneratedSecretProps {
  /** Secret name, e.g. `orders-dev/status-url-signing-key`. */
  readonly name: string;
  readonly description: string;
  /** Customer-managed key the secret is encrypted with; whoever reads it needs kms:Decrypt on it. */
  readonly kmsKeyArn: string;
  /** Characters of the generated value (letters and digits only), 32-4096. */
  readonly length: number;
  /**
   * Generation of the value: the value is generated and written when this changes, never
   * otherwise. Increase it to rotate (running tasks keep the old value until they restart).
   */
  readonly valueVersion: number;
}

/**
 * A Secrets Manager secret whose value Secrets Manager generates at apply time and which
 * Terraform never stores: the value comes from the ephemeral `aws_secretsmanager_random_password`
 * (GetRandomPassword) and is written through the write-only `secret_string_wo`, so neither the
 * plan nor the state holds it. That needs Terraform ≥ 1.11 (write-only arguments; older versions
 * reject the configuration). No `required_version` says so: checkov's terraform_json parser
 * cannot read a string in the terraform block. CDKTF 0.21 has no class for ephemeral blocks,
 * hence the one raw override below.
 *
 * No recovery window: a destroyed and recreated stack must be able to reuse the name at once.
 * Only a value nothing stores belongs here (losing it must cost no data).
 */
export class GeneratedSecretConstruct extends Construct {
  public readonly secret: SecretsmanagerSecret;
  public readonly version: SecretsmanagerSecretVersion;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    validate(props);
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.name,
      description: props.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: 0,
    });
    // Named after the secret's own logical id, so each secret has its own generator.
    const random = `${this.secret.friendlyUniqueId}_value`;
    TerraformStack.of(this).addOverride(`ephemeral.aws_secretsmanager_random_password.${random}`, {
      password_length: props.length,
      exclude_punctuation: true,
      include_space: false,
    });
    this.version = new SecretsmanagerSecretVersion(this, 'version', {
      secretId: this.secret.id,
      secretStringWo: `\${ephemeral.aws_secretsmanager_random_password.${random}.random_password}`,
      secretStringWoVersion: props.valueVersion,
    });
  }
}

function validate(props: GeneratedSecretProps): void {
  const label = `GeneratedSecretConstruct(${props.name})`;
  if (!/^[\w/+=.@-]{1,512}$/.test(props.name)) throw new Error(`${label}: invalid secret name`);
  if (!Number.isInteger(props.length) || props.length < 32 || props.length > 4096) {
    throw new Error(`${label}: length must be 32-4096, got ${props.length}`);
  }
  if (!Number.isInteger(props.valueVersion) || props.valueVersion < 1) {
    throw new Error(`${label}: valueVersion must be a positive integer`);
  }
}
