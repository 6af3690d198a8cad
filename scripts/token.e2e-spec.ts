import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { identityNames } from '@app/aws-resources';
import { REPO_ROOT, tokenClaims } from '@app/emulator';
import { MotoServer, provisionTestEnvironment, uniqueEnvironment } from '@app/testing';

/** `npm run token` against an emulator, as a user runs it beside `npm run local`. */
describe('npm run token (e2e, moto)', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await MotoServer.start();
  });
  afterAll(() => moto.stop());

  const token = (environment: string, caller: string) =>
    promisify(execFile)('bash', ['scripts/token.sh', caller], {
      cwd: REPO_ROOT,
      env: { ...process.env, AWS_ENDPOINT_URL: moto.endpoint, APP_ENVIRONMENT: environment },
    });

  it("prints a local user's token, naming its customerId on stderr", async () => {
    const { environment } = await provisionTestEnvironment(moto.endpoint);
    const { stdout, stderr } = await token(environment, 'demo');
    const sub = String(tokenClaims(stdout.trim()).sub);
    expect(stderr).toContain(`demo: customerId ${sub};`);
  }, 120000);

  it('makes no user pool where there is none, and says which it looked for', async () => {
    const environment = uniqueEnvironment();
    const failure = await token(environment, 'demo').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`token: no user pool ${identityNames(environment).userPool} in`);
    const pools = (await (
      await fetch(`${moto.endpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',
          authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/cognito-idp/aws4_request',
        },
        body: JSON.stringify({ MaxResults: 60 }),
      })
    ).json()) as { UserPools: { Name: string }[] };
    expect(pools.UserPools.map((pool) => pool.Name)).not.toContain(identityNames(environment).userPool);
  }, 120000);
});
