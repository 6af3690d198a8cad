import type {} from 'cdktf/lib/testing/adapters/jest'; // toHaveResourceWithProperties & co. on expect()
import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AwsContext } from '../lib/aws-context';

/** Literal account context for construct specs (the stack uses data sources). */
export const TEST_AWS: AwsContext = { accountId: '123456789012', partition: 'aws', region: 'eu-west-1' };
export const TEST_KMS_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/test-key';

/** Synthesizes whatever `build` declares in a bare test stack and returns the parsed Terraform JSON. */
export function synthJson(build: (scope: Construct) => void): { synth: string; json: TerraformJson } {
  const synth = Testing.synthScope(build);
  return { synth, json: JSON.parse(synth) as TerraformJson };
}

export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown }>;
}

/** Every resource body of one Terraform type, e.g. `aws_iam_role_policy`. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The one resource of a type; fails the test when there are none or several. */
export function onlyResource(json: TerraformJson, type: string): Record<string, unknown> {
  const found = resourcesOf(json, type);
  if (found.length !== 1) throw new Error(`Expected one ${type}, found ${found.length}`);
  return found[0];
}

export interface PolicyJson {
  Statement: {
    Sid: string;
    Effect: string;
    Action: string[];
    Resource: string | string[];
    Principal?: unknown;
  }[];
}

export function parsePolicy(resource: Record<string, unknown>, attribute = 'policy'): PolicyJson {
  return JSON.parse(resource[attribute] as string) as PolicyJson;
}

/**
 * Whether an ALB path-pattern condition value matches a request path: case-sensitive,
 * `*` any run of characters, `?` exactly one (AWS: "Path conditions").
 */
export function albPathMatches(pattern: string, path: string): boolean {
  const regex = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(path);
}
