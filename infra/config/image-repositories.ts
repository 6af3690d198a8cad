import { PROCESSOR_SERVICE, RECEIVER_SERVICE } from './services';

/**
 * The image repositories every environment shares, for images built once (in CI) and promoted
 * by tag: the bootstrap stack creates them, once per account, so they exist before the first
 * push; the orders stack with INFRA_IMAGE_TAG only reads them. `.github/workflows/deploy.yml`
 * pushes to the same names (a spec checks it). The build-on-deploy path keeps its own
 * per-environment repositories, `orders-<env>/<app>`.
 */
export const SHARED_IMAGE_APPS = [RECEIVER_SERVICE.name, PROCESSOR_SERVICE.name] as const;

/** e.g. `orders/order-receiver`. */
export function sharedImageRepositoryName(app: string): string {
  return `orders/${app}`;
}

/** ECR's repository name syntax (lowercase parts joined by `.`, `_`, `-` or `/`; at most 256). */
export function isValidRepositoryName(name: string): boolean {
  return /^[a-z0-9]+([._/-][a-z0-9]+)*$/.test(name) && name.length <= 256;
}

/**
 * What a tag of an image this project deploys may be: Docker's tag syntax, and never `latest`,
 * which names no particular build (the repositories' tags are immutable, so a deploy by tag always
 * runs the image that tag was first pushed with).
 */
export function isDeployableImageTag(tag: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag) && tag !== 'latest';
}
