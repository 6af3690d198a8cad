import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, REPO_ROOT } from '@app/emulator';
import {
  AppProcess,
  appEnvironment,
  MotoServer,
  provisionTestEnvironment,
  signedServiceToken,
} from '@app/testing';

const SCHEMATHESIS = resolve(REPO_ROOT, '.venv/bin/schemathesis');

/** Test cases per operation and phase: enough to find what the catalogue misses, ~30 s in all. */
const MAX_EXAMPLES = 100;

interface Run {
  code: number | null;
  output: string;
}

interface OpenApi {
  components: { schemas: Record<string, { properties?: Record<string, object> }> };
}

/**
 * The document under test: the served one, with `price`'s `multipleOf: 0.01` back. The published
 * schema states the cents rule in words only (validators that divide in floating point reject 19.99
 * against `multipleOf`); without it the generator sends prices with more decimals, which the server
 * rightly answers 400.
 */
async function documentUnderTest(base: string, dir: string): Promise<string> {
  const document = (await (await fetch(`${base}/docs-json`)).json()) as OpenApi;
  document.components.schemas.OrderItemDto.properties!.price = {
    ...document.components.schemas.OrderItemDto.properties!.price,
    multipleOf: 0.01,
  };
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  return file;
}

/**
 * Runs schemathesis to its end; its own network access is limited to `base` by the arguments.
 * Its requests carry `token`, a service token with both scopes, so that every valid body can succeed.
 */
function schemathesis(document: string, base: string, cwd: string, token: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: cwd,
    LANG: 'C.UTF-8',
    PYTHONIOENCODING: 'utf-8',
    NO_PROXY: '*',
    NO_COLOR: '1',
  };
  const args = [
    'run',
    document,
    `--url=${base}`,
    `--header=Authorization: Bearer ${token}`,
    '--checks=all',
    `--max-examples=${MAX_EXAMPLES}`,
    // One worker: with two threads, Hypothesis describing its filter lambdas (ast.parse) fails on
    // CPython 3.11 with "AST constructor recursion depth mismatch", a runtime error, not a finding.
    '--workers=1',
    '--request-timeout=10',
    '--generation-database=none',
    '--no-color',
  ];
  return new Promise((ok, fail) => {
    const child = spawn(SCHEMATHESIS, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => ok({ code, output }));
  });
}

/**
 * Schemathesis generates requests from the receiver's own OpenAPI document (/docs-json, see
 * documentUnderTest) and
 * runs all its checks: no 5xx, every status code, content type, header and body as documented,
 * schema-valid input accepted, invalid input rejected, undeclared methods answered 405.
 */
describe('order-receiver against its OpenAPI document (schemathesis, e2e, moto)', () => {
  let moto: MotoServer;
  let receiver: AppProcess;
  let base: string;
  let workdir: string;
  let token: string;

  beforeAll(async () => {
    if (!existsSync(SCHEMATHESIS)) {
      throw new Error(`${SCHEMATHESIS} is missing: run bash scripts/ensure-venv.sh requirements-dev.txt`);
    }
    workdir = mkdtempSync(join(tmpdir(), 'schemathesis-'));
    moto = await MotoServer.start();
    const { locations } = await provisionTestEnvironment(moto.endpoint);
    token = await signedServiceToken(locations.identity!);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    receiver = await AppProcess.start(
      'order-receiver',
      {
        ...appEnvironment(moto.endpoint, locations),
        LOG_LEVEL: 'warn',
        THROTTLE_LIMIT: '1000000',
        CALLER_THROTTLE_LIMIT: '1000000',
        PROCESSING_TIME_MS: '5',
        FAILURE_RATE: '0',
      },
      port,
    );
  });

  afterAll(async () => {
    await receiver?.stop();
    await moto?.stop();
    if (workdir) rmSync(workdir, { recursive: true, force: true });
  });

  it('finds no failure with --checks all', async () => {
    const run = await schemathesis(await documentUnderTest(base, workdir), base, workdir, token);
    const summary = run.output.slice(Math.max(0, run.output.search(/=+ SUMMARY =+/)));
    process.stdout.write(`\nschemathesis against ${base}:\n${summary}\n`);
    if (run.code !== 0) throw new Error(`schemathesis exited ${run.code}:\n${run.output.slice(-20000)}`);
    // It really ran: every documented operation, with generated cases.
    expect(run.output).toMatch(/Tested: 6\b/);
    expect(run.output).toMatch(/\d{3,} generated, \d+ passed/);
  }, 180000);

  it('left the receiver healthy, with no unhandled error logged', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(receiver.lines('unhandled error')).toEqual([]);
  });
});
