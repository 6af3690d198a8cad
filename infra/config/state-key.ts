import { resourceNames } from '@app/aws-resources';

/**
 * Where an environment's Terraform state lives in the state bucket the bootstrap stack creates.
 * The deploy role of an environment may read and write this object and its lock file
 * (`<key>.tflock`, Terraform's S3-native lock) and no other state: so the key is defined here,
 * once, for the role's policy and for the remote backend's default.
 */
export function stateKeyOf(environment: string): string {
  return `${resourceNames(environment).prefix}/terraform.tfstate`;
}

/** The lock object Terraform's S3 backend writes beside the state with `use_lockfile`. */
export function stateLockKeyOf(stateKey: string): string {
  return `${stateKey}.tflock`;
}
