/**
 * The dependency rule of this repository, checked by `npm run check:boundaries` (a step of `npm test`)
 * and proven rule by rule by scripts/boundaries/boundaries.spec.ts on fixture trees.
 *
 * Paths are relative to the repository root (or to a fixture's root in the spec); docs/architecture.md
 * explains the layout they keep.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */

// Everything the order's domain must not reach: the AWS SDK and its Smithy runtime, the AWS client lib
// (@app/aws resolves to libs/aws/src), Nest and class-validator. A package resolves to
// node_modules/<name>/... (or to the bare name when it is not installed).
const PACKAGE = '(^|(^|/)node_modules/)';
const DOMAIN_MUST_NOT_REACH = [
  `${PACKAGE}@aws-sdk/`,
  `${PACKAGE}@smithy/`,
  `${PACKAGE}@nestjs/`,
  `${PACKAGE}class-validator(/|$)`,
  '^libs/aws/',
];

module.exports = {
  forbidden: [
    {
      name: 'no-lib-to-app',
      severity: 'error',
      comment:
        'A lib is shared code that apps compose; a lib importing an app inverts that, ties the lib to ' +
        "one app's wiring and drags the app into every other user of the lib.",
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-lib-to-tooling',
      severity: 'error',
      comment:
        'scripts/, loadtest/ and infra/ are the commands, benchmarks and CDKTF app that use the libs; ' +
        'a lib importing them would ship tooling inside the apps that import the lib.',
      from: { path: '^libs/' },
      to: { path: '^(scripts|loadtest|infra)/' },
    },
    {
      name: 'no-app-to-other-app',
      severity: 'error',
      comment:
        'An app never imports another app: code both apps run belongs in a lib. Only the source under ' +
        "apps/<a>/src/ is held to this: an app's end-to-end specs and harnesses under apps/<a>/test/ may " +
        'start the other app to test the pair (apps/order-processor/test/processor-harness.ts starts the receiver).',
      from: { path: '^apps/([^/]+)/src/' },
      to: { path: '^apps/[^/]+/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-app-to-tooling',
      severity: 'error',
      comment:
        "An app's source never imports scripts/, loadtest/ or infra/: those are tooling around the apps " +
        'and are not in the image. What an app shares with them (resource names, permissions) lives in a lib.',
      from: { path: '^apps/[^/]+/src/' },
      to: { path: '^(scripts|loadtest|infra)/' },
    },
    {
      name: 'no-test-helpers-in-builds',
      severity: 'error',
      comment:
        'libs/testing holds the end-to-end helpers and is left out of the build (tsconfig.build.json): ' +
        "built code that imported it would fail at start-up. Only specs and the apps' test/ folders use it.",
      from: {
        path: '^(apps|libs|scripts|loadtest)/',
        pathNot: '^libs/testing/|^apps/[^/]+/test/|\\.(e2e-)?spec\\.ts$',
      },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes import order decide which module sees the other half-initialised (undefined ' +
        'at load, Nest providers that cannot be resolved) and means neither module can be read or ' +
        'moved alone. Type-only imports count: the cycle is in the design even when erased at run time.',
      from: { path: '^(apps|libs|scripts|loadtest|infra)/' },
      to: { circular: true },
    },
    {
      name: 'no-domain-to-sdk-or-framework',
      severity: 'error',
      comment:
        "The order's domain (types, status, fingerprint, errors) is plain TypeScript that every app, " +
        'script and test can use without AWS or Nest: it must not reach the AWS SDK, Smithy, the AWS ' +
        'client lib (@app/aws), Nest or class-validator, directly or through any other module, not even ' +
        'for types.',
      from: { path: '^libs/domain/' },
      to: { path: DOMAIN_MUST_NOT_REACH, reachable: true },
    },
  ],
  options: {
    // Packages are recorded as dependencies (the domain rule needs to see them) but not read.
    // Files under a doNotFollow path are not scanned either.
    doNotFollow: { path: '(^|/)node_modules/' },
    // Build output, synthesized or generated infrastructure, and the spec's fixtures (which break the
    // rules on purpose).
    exclude: { path: '(^|/)dist/|^infra/cdktf\\.out/|^infra/\\.gen/|^scripts/boundaries/fixtures/' },
    // Keep type-only imports in the graph: `import type` from the SDK is still a dependency on it.
    tsPreCompilationDeps: true,
    // Resolve the @app/<lib> path aliases the way tsc does.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
