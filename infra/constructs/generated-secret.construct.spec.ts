import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { onlyResource, synthJson, TEST_KMS_KEY_ARN } from '../testing/fixtures';
import { GeneratedSecretConstruct, GeneratedSecretProps } from './generated-secret.construct';

describe(GeneratedSecretConstruct.name, () => {
  const props: GeneratedSecretProps = {
    name: 'orders-dev/status-url-signing-key',
    description: 'signing key',
    kmsKeyArn: TEST_KMS_KEY_ARN,
    length: 64,
    valueVersion: 1,
  };
  const build = (overrides: Partial<GeneratedSecretProps> = {}) =>
    synthJson((scope) => {
      new GeneratedSecretConstruct(scope, 'sut', { ...props, ...overrides });
    });
  type Ephemeral = Record<string, Record<string, Record<string, unknown>>>;

  it('encrypts the secret with the given key and lets a recreated stack reuse the name at once', () => {
    expect(build().synth).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: 'orders-dev/status-url-signing-key',
      kms_key_id: TEST_KMS_KEY_ARN,
      recovery_window_in_days: 0,
    });
  });

  it('writes a value generated at apply through the write-only argument, so the state never holds it', () => {
    const { json } = build({ valueVersion: 3 });
    const generators = (json as { ephemeral?: Ephemeral }).ephemeral?.aws_secretsmanager_random_password;
    expect(Object.values(generators ?? {})).toEqual([
      { password_length: 64, exclude_punctuation: true, include_space: false },
    ]);
    const [generator] = Object.keys(generators!);
    const version = onlyResource(json, 'aws_secretsmanager_secret_version');
    expect(version).toMatchObject({
      secret_string_wo: `\${ephemeral.aws_secretsmanager_random_password.${generator}.random_password}`,
      secret_string_wo_version: 3,
    });
    expect(version.secret_string).toBeUndefined();
    // Nothing but the generator produces the value: no literal in the configuration.
    expect(JSON.stringify(json)).not.toMatch(/"secret_string"/);
  });

  it('gives each secret its own generator', () => {
    const { json } = synthJson((scope) => {
      new GeneratedSecretConstruct(scope, 'one', props);
      new GeneratedSecretConstruct(scope, 'two', { ...props, name: 'orders-dev/other' });
    });
    const generators = (json as { ephemeral?: Ephemeral }).ephemeral?.aws_secretsmanager_random_password;
    expect(Object.keys(generators ?? {})).toHaveLength(2);
  });

  it('rejects a value too short for an HMAC key and a version below 1', () => {
    expect(() => build({ length: 16 })).toThrow(/length/);
    expect(() => build({ valueVersion: 0 })).toThrow(/valueVersion/);
    expect(() => build({ name: 'has space' })).toThrow(/name/);
  });
});
