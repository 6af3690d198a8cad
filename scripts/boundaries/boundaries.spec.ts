import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The rules of .dependency-cruiser.cjs, each shown catching a fixture tree under fixtures/ whose
 * imports break it (paths there read as in the repository: libs/..., apps/...), and the real tree
 * shown to pass. The cruises run in cruise.mjs (dependency-cruiser is ESM only), all in one process.
 */

interface Violation {
  rule: string;
  from: string;
  to: string;
  via?: string[];
}
interface Dependency {
  from: string;
  /** The import as written. */
  module: string;
  to: string;
  resolved: boolean;
}
interface CruiseReport {
  violations: Violation[];
  dependencies: Dependency[];
}

const repoRoot = join(__dirname, '..', '..');
const FIXTURES = [
  'lib-imports-app',
  'lib-imports-tooling',
  'app-imports-other-app',
  'app-imports-tooling',
  'app-test-starts-other-app',
  'builds-import-test-helpers',
  'cycle',
  'domain-imports-aws-sdk',
  'domain-imports-nestjs',
  'domain-imports-class-validator',
  'domain-imports-aws-lib-via-alias',
  'domain-reaches-aws-sdk-transitively',
] as const;
type Fixture = (typeof FIXTURES)[number];

const fixtureRoot = (name: Fixture) => join(__dirname, 'fixtures', name);

/** A package outside the fixture root (../../node_modules/@aws-sdk/client-dynamodb/dist-es/...) by its name. */
const shortPath = (path: string) =>
  path.replace(/^(?:\.\.\/)*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'node_modules/$1');

describe('.dependency-cruiser.cjs', () => {
  let reports: Record<string, CruiseReport>;

  beforeAll(() => {
    const roots = [...FIXTURES.map(fixtureRoot), repoRoot];
    const stdout = execFileSync(process.execPath, [join(__dirname, 'cruise.mjs'), ...roots], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    reports = JSON.parse(stdout) as Record<string, CruiseReport>;
  });

  /** Each violation of the fixture as "rule: from → to". */
  const violationsIn = (name: Fixture) =>
    reports[fixtureRoot(name)].violations.map(
      ({ rule, from, to }) => `${rule}: ${shortPath(from)} → ${shortPath(to)}`,
    );

  it('reports a lib importing an app (no-lib-to-app)', () => {
    expect(violationsIn('lib-imports-app')).toEqual([
      'no-lib-to-app: libs/storage/src/index.ts → apps/order-receiver/src/receiver.app.ts',
    ]);
  });

  it('reports a lib importing scripts/, loadtest/ or infra/ (no-lib-to-tooling)', () => {
    expect(violationsIn('lib-imports-tooling').sort()).toEqual([
      'no-lib-to-tooling: libs/config/src/index.ts → infra/lib/paths.ts',
      'no-lib-to-tooling: libs/config/src/index.ts → loadtest/bench/flags.ts',
      'no-lib-to-tooling: libs/config/src/index.ts → scripts/provision.ts',
    ]);
  });

  it("reports an app's source importing the other app (no-app-to-other-app)", () => {
    expect(violationsIn('app-imports-other-app')).toEqual([
      'no-app-to-other-app: apps/order-processor/src/processor.module.ts → apps/order-receiver/src/orders.controller.ts',
    ]);
  });

  it("reports an app's source importing scripts/, loadtest/ or infra/ (no-app-to-tooling)", () => {
    expect(violationsIn('app-imports-tooling').sort()).toEqual([
      'no-app-to-tooling: apps/order-receiver/src/main.ts → infra/lib/task-permissions.ts',
      'no-app-to-tooling: apps/order-receiver/src/main.ts → loadtest/bench/order-body.ts',
      'no-app-to-tooling: apps/order-receiver/src/main.ts → scripts/provision.ts',
    ]);
  });

  it("does not report an app's end-to-end harness under test/ starting the other app", () => {
    const report = reports[fixtureRoot('app-test-starts-other-app')];

    expect(report.dependencies).toContainEqual({
      from: 'apps/order-processor/test/processor-harness.ts',
      module: '../../order-receiver/src/receiver.app',
      to: 'apps/order-receiver/src/receiver.app.ts',
      resolved: true,
    });
    expect(report.violations).toEqual([]);
  });

  it('reports built code importing the test helpers, and lets specs and harnesses use them (no-test-helpers-in-builds)', () => {
    expect(violationsIn('builds-import-test-helpers').sort()).toEqual([
      'no-test-helpers-in-builds: apps/order-receiver/src/main.ts → libs/testing/src/index.ts',
      'no-test-helpers-in-builds: libs/storage/src/index.ts → libs/testing/src/index.ts',
      'no-test-helpers-in-builds: loadtest/bench/bench.ts → libs/testing/src/index.ts',
    ]);
  });

  it('reports a cycle (no-circular)', () => {
    expect(violationsIn('cycle')).toEqual([
      'no-circular: libs/storage/src/order-status.ts → libs/storage/src/order.ts',
    ]);
  });

  it('reports the domain importing @aws-sdk directly, even only a type (no-domain-to-sdk-or-framework)', () => {
    expect(violationsIn('domain-imports-aws-sdk')).toEqual([
      'no-domain-to-sdk-or-framework: libs/domain/src/order.ts → node_modules/@aws-sdk/client-dynamodb',
    ]);
  });

  it('reports the domain importing @nestjs/common (no-domain-to-sdk-or-framework)', () => {
    expect(violationsIn('domain-imports-nestjs')).toEqual([
      'no-domain-to-sdk-or-framework: libs/domain/src/errors.ts → node_modules/@nestjs/common',
    ]);
  });

  it('reports the domain importing class-validator (no-domain-to-sdk-or-framework)', () => {
    expect(violationsIn('domain-imports-class-validator')).toEqual([
      'no-domain-to-sdk-or-framework: libs/domain/src/order.ts → node_modules/class-validator',
    ]);
  });

  it('reports the domain importing @app/aws, resolved through the path alias (no-domain-to-sdk-or-framework)', () => {
    expect(violationsIn('domain-imports-aws-lib-via-alias')).toEqual([
      'no-domain-to-sdk-or-framework: libs/domain/src/order-status.ts → libs/aws/src/index.ts',
    ]);
  });

  it('reports the domain reaching @aws-sdk only through another lib (no-domain-to-sdk-or-framework)', () => {
    const report = reports[fixtureRoot('domain-reaches-aws-sdk-transitively')];

    expect(report.dependencies.filter((d) => d.from.startsWith('libs/domain/'))).toEqual([
      {
        from: 'libs/domain/src/order.ts',
        module: '@app/storage',
        to: 'libs/storage/src/index.ts',
        resolved: true,
      },
    ]);
    expect(violationsIn('domain-reaches-aws-sdk-transitively')).toEqual([
      'no-domain-to-sdk-or-framework: libs/domain/src/order.ts → node_modules/@aws-sdk/client-dynamodb',
    ]);
    expect(report.violations[0].via?.map(shortPath)).toEqual([
      'libs/storage/src/index.ts',
      'node_modules/@aws-sdk/client-dynamodb',
    ]);
  });

  it('finds no violation in the repository, where every import resolves and @app/<lib> is libs/<lib>/src/index.ts', () => {
    const report = reports[repoRoot];
    const aliased = report.dependencies.filter((d) => d.module.startsWith('@app/'));

    expect(report.violations).toEqual([]);
    expect(report.dependencies.filter((d) => !d.resolved)).toEqual([]);
    expect(aliased.length).toBeGreaterThan(0);
    expect(aliased.filter((d) => d.to !== `libs/${d.module.slice('@app/'.length)}/src/index.ts`)).toEqual([]);
  });
});
