/** What the emulators accept as credentials (any value works; these are the conventional ones). */
export const EMULATOR_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } as const;

/**
 * The credentials to add before building AWS clients, for a command that may talk to AWS or to
 * an emulator (`npm run dlq:*`, provisioning): `test` where AWS_ENDPOINT_URL points at an
 * emulator and nothing is set. Without an endpoint nothing is added:
 * environment keys come first in the SDK's default chain, so a `test` key would shadow the
 * profile, SSO or role credentials and AWS would refuse every call.
 */
export function emulatorCredentialDefaults(
  env: Readonly<Record<string, string | undefined>>,
): Partial<Record<keyof typeof EMULATOR_CREDENTIALS, string>> {
  if (!env.AWS_ENDPOINT_URL) return {};
  return {
    ...(env.AWS_ACCESS_KEY_ID ? {} : { AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.AWS_ACCESS_KEY_ID }),
    ...(env.AWS_SECRET_ACCESS_KEY
      ? {}
      : { AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.AWS_SECRET_ACCESS_KEY }),
  };
}

/**
 * Fills the emulator credentials into `env` (default: this process's) where they are missing, for
 * a process that only ever talks to emulators whose endpoints it passes to its clients itself
 * (the specs, the bench, the emulator cost measurement).
 */
export function useEmulatorCredentials(env: Record<string, string | undefined> = process.env): void {
  for (const [name, value] of Object.entries(EMULATOR_CREDENTIALS)) env[name] ??= value;
}
