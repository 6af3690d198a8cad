/**
 * The credentials a script adds before it builds its AWS clients. The emulator accepts any key, so
 * `test` is filled in when AWS_ENDPOINT_URL points at one and nothing is set. Without an endpoint
 * nothing is added: environment keys come first in the SDK's default chain, so a `test` key would
 * shadow the profile, SSO or role credentials and AWS would refuse every call.
 */
export function emulatorCredentialDefaults(
  env: Readonly<Record<string, string | undefined>>,
): Partial<Record<'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY', string>> {
  if (!env.AWS_ENDPOINT_URL) return {};
  return {
    ...(env.AWS_ACCESS_KEY_ID ? {} : { AWS_ACCESS_KEY_ID: 'test' }),
    ...(env.AWS_SECRET_ACCESS_KEY ? {} : { AWS_SECRET_ACCESS_KEY: 'test' }),
  };
}
