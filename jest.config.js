/**
 * Three projects: `unit` (pure logic beside the code), `infra` (CDKTF synth
 * specs) and `e2e` (apps booted against a real moto server).
 */
// Transpile-only (isolatedModules): type checking is `npm run typecheck`'s job, tests stay fast.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }];
// Node requires ES modules; Jest 29's module system cannot, so these few ESM-only packages
// (content-disposition, which @fastify/static loads for Swagger UI) are compiled to CommonJS.
const ESM_ONLY = ['content-disposition'];
const esmToCommonJs = [
  'ts-jest',
  { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', isolatedModules: true } },
];
const moduleNameMapper = { '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src' };
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': tsJest, [`/node_modules/(.+/)?(${ESM_ONLY.join('|')})/.+\\.js$`]: esmToCommonJs },
  transformIgnorePatterns: [`/node_modules/(?!(.+/)?(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
  // The boundary spec's fixture trees break the dependency rules on purpose; they hold no specs to run.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/scripts/boundaries/fixtures/'],
};

module.exports = {
  // End-to-end specs start emulators and processes; unit specs finish far below this.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts,loadtest}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'infra',
      testMatch: ['<rootDir>/infra/**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/infra/jest.setup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: [
        '<rootDir>/apps/**/test/**/*.e2e-spec.ts',
        '<rootDir>/libs/**/*.e2e-spec.ts',
        '<rootDir>/loadtest/**/*.e2e-spec.ts',
        '<rootDir>/scripts/**/*.e2e-spec.ts',
      ],
    },
  ],
};
