import { AwsService, serviceEndpoint } from '@app/aws';

/** What the emulators accept as credentials (any value works; these are the conventional ones). */
export const EMULATOR_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } as const;

/**
 * The credentials to add before building AWS clients, for a command that may talk to AWS or to
 * emulators (`npm run dlq:*`, provisioning) and calls `services`: `test` where every one of them
 * has an emulator endpoint (AWS_ENDPOINT_URL, or its own AWS_ENDPOINT_URL_<SERVICE>, as the
 * clients resolve it) and no credentials are set. With no endpoint nothing is added: environment
 * keys come first in the SDK's default chain, so a `test` key would shadow the profile, SSO or
 * role credentials and AWS would refuse every call. Some services on an emulator and others on
 * AWS is refused: no one set of credentials serves both.
 */
export function emulatorCredentialDefaults(
  env: Readonly<Record<string, string | undefined>>,
  services: readonly AwsService[],
): Partial<Record<keyof typeof EMULATOR_CREDENTIALS, string>> {
  const onEmulator = services.filter((service) => serviceEndpoint(env, service));
  if (onEmulator.length === 0) return {};
  const onAws = services.filter((service) => !onEmulator.includes(service));
  if (onAws.length > 0) {
    const variables = onAws.map((service) => `AWS_ENDPOINT_URL_${service.toUpperCase()}`).join(' / ');
    throw new Error(
      `${onEmulator.join(', ')} on an emulator but ${onAws.join(', ')} on AWS: set AWS_ENDPOINT_URL ` +
        `(or ${variables}) too, or no AWS_ENDPOINT_URL variable to use AWS`,
    );
  }
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
