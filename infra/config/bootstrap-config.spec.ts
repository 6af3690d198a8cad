import { loadBootstrapConfig } from './bootstrap-config';

describe(loadBootstrapConfig.name, () => {
  const repository = { INFRA_GITHUB_REPOSITORY: 'acme/resilient-orders' };

  it('needs INFRA_GITHUB_REPOSITORY and says so by name', () => {
    expect(() => loadBootstrapConfig({})).toThrow(/INFRA_GITHUB_REPOSITORY is required/);
  });

  it('defaults to dev and prod in us-east-1', () => {
    expect(loadBootstrapConfig(repository)).toMatchObject({
      region: 'us-east-1',
      githubRepository: 'acme/resilient-orders',
      deployEnvironments: ['dev', 'prod'],
    });
  });

  it('reads the environments and the region', () => {
    const sut = loadBootstrapConfig({
      ...repository,
      INFRA_DEPLOY_ENVIRONMENTS: 'dev, staging,prod',
      INFRA_REGION: 'eu-west-1',
    });
    expect(sut.deployEnvironments).toEqual(['dev', 'staging', 'prod']);
    expect(sut.region).toBe('eu-west-1');
  });

  it.each([
    'acme',
    'acme/orders/extra',
    'acme/',
    '/orders',
    'ac me/orders',
    'acme/..',
    'acme/*',
    '-acme/orders',
  ])('rejects the repository "%s"', (value) => {
    expect(() => loadBootstrapConfig({ INFRA_GITHUB_REPOSITORY: value })).toThrow(
      /INFRA_GITHUB_REPOSITORY must be owner\/name/,
    );
  });

  it('rejects an invalid or repeated environment, naming INFRA_DEPLOY_ENVIRONMENTS', () => {
    expect(() => loadBootstrapConfig({ ...repository, INFRA_DEPLOY_ENVIRONMENTS: 'dev,Prod' })).toThrow(
      /INFRA_DEPLOY_ENVIRONMENTS: Invalid environment name "Prod"/,
    );
    expect(() => loadBootstrapConfig({ ...repository, INFRA_DEPLOY_ENVIRONMENTS: 'dev,*' })).toThrow(
      /INFRA_DEPLOY_ENVIRONMENTS/,
    );
    expect(() => loadBootstrapConfig({ ...repository, INFRA_DEPLOY_ENVIRONMENTS: 'dev,dev' })).toThrow(
      /names an environment twice/,
    );
  });

  it("rejects environments whose names would fall under another's grants (orders-<env>-*)", () => {
    expect(() =>
      loadBootstrapConfig({ ...repository, INFRA_DEPLOY_ENVIRONMENTS: 'dev,dev-eu,prod' }),
    ).toThrow(/"dev-eu" starts with "dev-"/);
  });

  it('rejects a malformed INFRA_REGION', () => {
    expect(() => loadBootstrapConfig({ ...repository, INFRA_REGION: 'europe' })).toThrow(/INFRA_REGION/);
  });
});
