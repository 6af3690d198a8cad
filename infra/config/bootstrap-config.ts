import { assertValidEnvironment } from '@app/aws-resources';
import { awsRegion, Env, read } from './stack-config';

/**
 * What the bootstrap stack (once per AWS account: state bucket, GitHub's OIDC provider, a deploy
 * role per environment, the shared image repositories) needs to know, read from `INFRA_*`
 * variables and validated, so a bad value stops the synth with the variable's name. The table in
 * infra/README.md lists them.
 */
export interface BootstrapConfig {
  readonly region: string;
  /**
   * `owner/name` of the GitHub repository whose workflows may deploy (INFRA_GITHUB_REPOSITORY),
   * spelled as GitHub shows it: the OIDC subject is compared as an exact string.
   */
  readonly githubRepository: string;
  /**
   * The GitHub environments that deploy, one role each (INFRA_DEPLOY_ENVIRONMENTS). The first
   * one's role also pushes the images, which every environment then runs by tag.
   */
  readonly deployEnvironments: readonly string[];
  /** Images kept per shared repository: the tags a rollback or a late prod approval can still use. */
  readonly imageRetentionCount: number;
  /** Days an overwritten or deleted state version is kept: the window to restore a state by hand. */
  readonly noncurrentStateVersionDays: number;
}

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_NAME = /^[A-Za-z0-9._-]{1,100}$/;

export function loadBootstrapConfig(env: Env): BootstrapConfig {
  return {
    region: awsRegion(env, 'us-east-1'),
    githubRepository: githubRepository(env),
    deployEnvironments: deployEnvironments(env),
    imageRetentionCount: 100,
    noncurrentStateVersionDays: 90,
  };
}

/** INFRA_GITHUB_REPOSITORY: required, `owner/name`. */
function githubRepository(env: Env): string {
  const value = read(env, 'INFRA_GITHUB_REPOSITORY');
  if (value === undefined) {
    throw new Error(
      'INFRA_GITHUB_REPOSITORY is required: the GitHub repository (owner/name) whose environments may deploy',
    );
  }
  if (!isGithubRepository(value))
    throw new Error(`INFRA_GITHUB_REPOSITORY must be owner/name, got "${value}"`);
  return value;
}

/** `owner/name` as GitHub allows them (the deploy role's construct checks the same). */
export function isGithubRepository(value: string): boolean {
  const [owner, name, ...rest] = value.split('/');
  return (
    rest.length === 0 &&
    GITHUB_OWNER.test(owner ?? '') &&
    GITHUB_NAME.test(name ?? '') &&
    name !== '.' &&
    name !== '..'
  );
}

/** INFRA_DEPLOY_ENVIRONMENTS: comma-separated environment names, `dev,prod` by default. */
function deployEnvironments(env: Env): readonly string[] {
  const raw = read(env, 'INFRA_DEPLOY_ENVIRONMENTS') ?? 'dev,prod';
  const names = raw.split(',').map((name) => name.trim());
  for (const name of names) {
    try {
      assertValidEnvironment(name);
    } catch (error) {
      throw new Error(`INFRA_DEPLOY_ENVIRONMENTS: ${(error as Error).message}, got "${raw}"`);
    }
  }
  if (new Set(names).size !== names.length) {
    throw new Error(`INFRA_DEPLOY_ENVIRONMENTS names an environment twice, got "${raw}"`);
  }
  // A role's grants cover `orders-<env>-*`: with `dev` and `dev-eu`, dev's role would reach dev-eu's.
  for (const name of names) {
    const covered = names.find((other) => other !== name && other.startsWith(`${name}-`));
    if (covered !== undefined) {
      throw new Error(
        `INFRA_DEPLOY_ENVIRONMENTS: "${covered}" starts with "${name}-", so ${name}'s deploy role would reach its resources (orders-${name}-*), got "${raw}"`,
      );
    }
  }
  return names;
}
