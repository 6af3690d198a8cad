/**
 * npm run token -- demo|other|admin|service: an access token for the receiver of `npm run local`,
 * alone on stdout (`TOKEN=$(npm run --silent token -- demo)`), and on stderr one line with whose it
 * is (a customer's customerId is its `sub`) and when it expires.
 *   demo, other  the two local customers: each submits orders for itself (customerId = its sub)
 *   admin        a user in the orders-admin group: reads any customer's orders
 *   service      a back-end service (scopes orders/write orders/read): submits for any customer
 * The users' tokens come from the emulator's InitiateAuth; a service token is signed with moto's
 * own key, as moto issues none (emulatorServiceToken of @app/emulator). Reads the variables of
 * scripts/provision.ts: AWS_ENDPOINT_URL (default http://localhost:4566), AWS_REGION,
 * APP_ENVIRONMENT; it finds the environment's user pool by name (findIdentity) and never makes one:
 * a token of a pool the receiver was not started with would only be refused.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { identityNames, LOCAL_EMULATOR_PORT, LOCAL_ENVIRONMENT, LOCAL_REGION } from '@app/aws-resources';
import {
  emulatorServiceToken,
  LOCAL_USERS,
  LocalUser,
  localUserToken,
  findIdentity,
  tokenClaims,
  useEmulatorCredentials,
} from '@app/emulator';

const CALLERS = [...(Object.keys(LOCAL_USERS) as LocalUser[]), 'service'] as const;
type Caller = (typeof CALLERS)[number];

async function emulatorAnswers(endpoint: string): Promise<boolean> {
  try {
    await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(3000) });
    return true;
  } catch {
    return false;
  }
}

function describeToken(caller: Caller, token: string): string {
  const claims = tokenClaims(token);
  const expires = new Date(Number(claims.exp) * 1000);
  const minutes = Math.round((expires.getTime() - Date.now()) / 60000);
  const who =
    caller === 'service'
      ? `service client ${String(claims.client_id)}, scopes ${String(claims.scope)} (any customerId)`
      : `customerId ${String(claims.sub)}`;
  return `${caller}: ${who}; expires ${expires.toISOString()} (in ${minutes} min)`;
}

async function main(args: string[]): Promise<void> {
  const caller = args.find((a) => !a.startsWith('-'));
  if (!caller || !(CALLERS as readonly string[]).includes(caller))
    throw new Error(
      `${caller ? `unknown user '${caller}'` : 'no user given'}; usage: npm run token -- ${CALLERS.join('|')}`,
    );
  const endpoint = (process.env.AWS_ENDPOINT_URL || `http://localhost:${LOCAL_EMULATOR_PORT}`).replace(
    /\/+$/,
    '',
  );
  const region = process.env.AWS_REGION || LOCAL_REGION;
  const environment = process.env.APP_ENVIRONMENT || LOCAL_ENVIRONMENT;
  if (!(await emulatorAnswers(endpoint)))
    throw new Error(
      `no emulator answers at ${endpoint}: start it with npm run local (or set AWS_ENDPOINT_URL)`,
    );
  // Only ever the emulator: any key works there, and a real key must never reach it.
  useEmulatorCredentials();
  const cognito = new CognitoIdentityProviderClient({ region, endpoint });
  const identity = await findIdentity(environment, cognito, endpoint);
  if (!identity) {
    throw new Error(
      `no user pool ${identityNames(environment).userPool} in ${region} at ${endpoint}: start npm run local ` +
        '(with the same APP_ENVIRONMENT and AWS_REGION; with AUTH_DISABLED=true it makes none, and needs no token)',
    );
  }
  const token =
    caller === 'service'
      ? emulatorServiceToken(identity)
      : await localUserToken(cognito, identity, caller as LocalUser);
  process.stdout.write(`${token}\n`);
  process.stderr.write(`${describeToken(caller as Caller, token)}\n`);
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`token: ${error.message.split('\n')[0]}\n`);
  process.exit(1);
});
