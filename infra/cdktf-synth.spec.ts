import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { findRepoRoot } from './lib/paths';

/**
 * `cdktf synth` run through the project's CLI from infra/, as a user and `cdktf deploy` run it: the
 * CLI starts the app of cdktf.json, which builds and runs main.ts. Checks the stacks it writes, and
 * that their JSON stays usable by plain `terraform` without CDKTF: the AWS provider pinned at the
 * version the bindings were generated for, no remote module, no path of the synthesizing machine.
 * `diff` and `deploy` need an AWS account and the provider download, so no spec runs them.
 */
const repoRoot = findRepoRoot();
const infraDir = join(repoRoot, 'infra');

interface CdkTfJson {
  readonly terraform: {
    readonly backend: Record<string, Record<string, unknown>>;
    readonly required_providers: Record<string, { source: string; version: string }>;
  };
  readonly module?: Record<string, { source: string }>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
}

interface Synthesized {
  /** Where terraform runs for the stack: `<outdir>/stacks/<stack>`. */
  readonly stackDir: string;
  readonly text: string;
  readonly json: CdkTfJson;
}

/**
 * Runs `npx cdktf synth` in `appDir` (infra/, or infra/bootstrap/) with only the given INFRA_* variables,
 * into a fresh output directory.
 */
function cdktfSynth(
  outdir: string,
  stackName: string,
  infraEnv: Record<string, string>,
  appDir = infraDir,
): Synthesized {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('INFRA_')));
  try {
    execFileSync('npx', ['cdktf', 'synth', '--output', relative(appDir, outdir)], {
      cwd: appDir,
      // No call to HashiCorp's checkpoint service, no spinner.
      env: { ...env, ...infraEnv, CHECKPOINT_DISABLE: '1', CI: '1' },
      stdio: 'pipe',
      timeout: 110_000,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(
      'cdktf synth failed (it needs Terraform 1.11+: source scripts/ensure-terraform.sh)\n' +
        `${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`,
    );
  }
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { workingDirectory: string; synthesizedStackPath: string }>;
  };
  const stack = manifest.stacks[stackName];
  const text = readFileSync(join(outdir, stack.synthesizedStackPath), 'utf8');
  return { stackDir: join(outdir, stack.workingDirectory), text, json: JSON.parse(text) as CdkTfJson };
}

/** Every value under a key in `keys`, at any depth. */
function valuesOf(node: unknown, keys: readonly string[]): unknown[] {
  if (Array.isArray(node)) return node.flatMap((item) => valuesOf(item, keys));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => [
    ...(keys.includes(key) ? [value] : []),
    ...valuesOf(value, keys),
  ]);
}

/** The AWS provider version that @cdktf/provider-aws's bindings were generated from. */
function boundAwsProviderVersion(): string {
  const pkg = JSON.parse(
    readFileSync(join(repoRoot, 'node_modules', '@cdktf', 'provider-aws', 'package.json'), 'utf8'),
  ) as { cdktf: { provider: { name: string; version: string } } };
  return pkg.cdktf.provider.version;
}

/** What plain `terraform` needs to run the JSON anywhere, checked on each synthesized stack. */
function itLeavesTheWayOutOpen(synthesized: () => Synthesized): void {
  it('pins the AWS provider at exactly the version @cdktf/provider-aws binds', () => {
    const { aws } = synthesized().json.terraform.required_providers;
    expect(aws.version).toBe(boundAwsProviderVersion());
    expect(aws.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(aws.source).toMatch(/^((registry\.terraform\.io\/)?hashicorp\/)?aws$/);
  });

  it('uses no remote module', () => {
    const sources = Object.values(synthesized().json.module ?? {}).map((module) => module.source);
    expect(sources.filter((source) => !source.startsWith('./'))).toEqual([]);
  });

  it("holds no path of the synthesizing machine: paths are relative to the stack's directory", () => {
    const { text, json } = synthesized();
    expect(text).not.toContain(repoRoot);
    expect(text).not.toContain(homedir());
    const paths = valuesOf(json, [
      'path',
      'working_dir',
      'filename',
      'source_file',
      'source_dir',
      'source',
    ]).filter(
      (value): value is string => typeof value === 'string' && (value.includes('/') || value.includes('\\')),
    );
    // Health-check and listener-rule paths are URL paths, not files.
    const files = paths.filter((value) => !/^\/[a-z*]/.test(value) || value.includes('tfstate'));
    expect(files.filter((value) => isAbsolute(value))).toEqual([]);
  });
}

describe('cdktf synth through the CLI', () => {
  let outdir: string;
  let dev: Synthesized;
  let prod: Synthesized;
  let bootstrap: Synthesized;

  beforeAll(() => {
    mkdirSync(join(repoRoot, '.local'), { recursive: true });
    outdir = mkdtempSync(join(repoRoot, '.local', 'cdktf-synth-'));
    dev = cdktfSynth(join(outdir, 'dev'), 'orders-dev', { INFRA_ENVIRONMENT: 'dev' });
    prod = cdktfSynth(join(outdir, 'prod'), 'orders-prod', {
      INFRA_ENVIRONMENT: 'prod',
      INFRA_HOSTED_ZONE: 'example.com',
      INFRA_RECORD_NAME: 'orders',
    });
    bootstrap = cdktfSynth(
      join(outdir, 'bootstrap'),
      'orders-bootstrap',
      { INFRA_GITHUB_REPOSITORY: 'example/resilient-orders' },
      join(infraDir, 'bootstrap'),
    );
  }, 330_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  describe('dev', () => {
    it('synthesizes both services and their image builds', () => {
      const { resource } = dev.json;
      expect(Object.keys(resource.aws_ecs_service)).toHaveLength(2);
      expect(Object.keys(resource.terraform_data)).toHaveLength(2);
      expect(resource.aws_lb_listener).toBeDefined();
      expect(resource.aws_route53_record).toBeUndefined();
    });

    it("keeps the state in infra/terraform.orders-dev.tfstate, found from the stack's directory", () => {
      const { path } = dev.json.terraform.backend.local as { path: string };
      expect(resolve(dev.stackDir, path)).toBe(join(infraDir, 'terraform.orders-dev.tfstate'));
    });

    it('builds the images in the repository root', () => {
      const workingDirs = valuesOf(dev.json.resource.terraform_data, ['working_dir']) as string[];
      expect(workingDirs).toHaveLength(2);
      for (const dir of workingDirs) expect(resolve(dev.stackDir, dir)).toBe(repoRoot);
    });

    itLeavesTheWayOutOpen(() => dev);
  });

  describe('prod with a domain', () => {
    it('synthesizes HTTPS with its own certificate and DNS failover to the standby', () => {
      const { resource } = prod.json;
      const listeners = Object.values(resource.aws_lb_listener);
      expect(listeners.map((listener) => listener.protocol)).toEqual(expect.arrayContaining(['HTTPS']));
      expect(resource.aws_acm_certificate).toBeDefined();
      const failover = valuesOf(resource.aws_route53_record, ['failover_routing_policy']).flat() as {
        type: string;
      }[];
      expect(failover.map((policy) => policy.type).sort()).toEqual(
        expect.arrayContaining(['PRIMARY', 'SECONDARY']),
      );
    });

    it("keeps the state in infra/terraform.orders-prod.tfstate, found from the stack's directory", () => {
      const { path } = prod.json.terraform.backend.local as { path: string };
      expect(resolve(prod.stackDir, path)).toBe(join(infraDir, 'terraform.orders-prod.tfstate'));
    });

    itLeavesTheWayOutOpen(() => prod);
  });

  describe('the bootstrap (infra/bootstrap)', () => {
    it("keeps its state in infra/bootstrap/terraform.orders-bootstrap.tfstate, found from the stack's directory", () => {
      const { path } = bootstrap.json.terraform.backend.local as { path: string };
      expect(resolve(bootstrap.stackDir, path)).toBe(
        join(infraDir, 'bootstrap', 'terraform.orders-bootstrap.tfstate'),
      );
    });

    itLeavesTheWayOutOpen(() => bootstrap);
  });
});
