import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { AppPrincipal, LogicalResource, ResourceNames, resourceNames } from '@app/aws-resources';
import { loadStackConfig } from '../config/stack-config';
import { PolicyReferences } from '../lib/policy-check';
import { OrdersStack } from '../stacks/orders.stack';
import { parsePolicy, PolicyJson, resourcesOf, TerraformJson } from './fixtures';

export interface SynthesizedOrdersStack {
  readonly names: ResourceNames;
  readonly stack: OrdersStack;
  readonly synth: string;
  readonly json: TerraformJson;
}

/** Synthesizes the whole stack for an environment, as `main.ts` does, with a fixed image tag. */
export function synthOrdersStack(env: Record<string, string>): SynthesizedOrdersStack {
  const config = loadStackConfig(env);
  const names = resourceNames(config.environment);
  const { prefix } = names;
  const stack = new OrdersStack(Testing.app() as App, prefix, {
    config,
    imageTag: config.imageTag ?? 'feedfacecafe0001',
    contextDir: '../../../..',
    standbyPageHtml: '<html><body>We are down for maintenance, your order was not lost</body></html>',
    standbyEdgeCode: readFileSync(join(__dirname, '..', 'standby', 'standby-edge.js'), 'utf8'),
    stateFile: `../../../terraform.${prefix}.tfstate`,
  });
  const synth = Testing.synth(stack);
  return { names, stack, synth, json: JSON.parse(synth) as TerraformJson };
}

/** The inline policy of an app's task role (`<prefix>-<app>-task`) as synthesized. */
export function synthesizedTaskPolicy(
  { names, json }: SynthesizedOrdersStack,
  app: AppPrincipal,
): PolicyJson {
  const roleName = `${names.prefix}-${app}-task`;
  const role = Object.entries(json.resource?.aws_iam_role ?? {}).find(([, body]) => body.name === roleName);
  if (!role) throw new Error(`no role ${roleName} in the stack`);
  const policy = resourcesOf(json, 'aws_iam_role_policy').find(
    (body) => body.role === `\${aws_iam_role.${role[0]}.id}`,
  );
  if (!policy) throw new Error(`no inline policy on ${roleName}`);
  return parsePolicy(policy);
}

/**
 * How the synthesized policies name each logical resource (the reference to the
 * ARN of the one resource named as resourceNames() names it), and the key each
 * is encrypted with, read from that resource (`kms_master_key_id` of the topic
 * and queues, `server_side_encryption.kms_key_arn` of the table).
 */
export function policyReferences({ names, json }: SynthesizedOrdersStack): PolicyReferences {
  const logical: Record<LogicalResource, string> = {
    topic: names.topic,
    queue: names.queue,
    deadLetterQueue: names.deadLetterQueue,
    table: names.table,
  };
  const resources = {} as Record<LogicalResource, string>;
  const encryptionKeys: Partial<Record<LogicalResource, string>> = {};
  for (const [resource, name] of Object.entries(logical) as [LogicalResource, string][]) {
    const found = Object.entries(json.resource ?? {}).flatMap(([type, bodies]) =>
      Object.entries(bodies)
        .filter(([, body]) => body.name === name)
        .map(([key, body]) => ({ reference: `\${${type}.${key}.arn}`, body })),
    );
    if (found.length !== 1)
      throw new Error(`${resource}: expected one resource named ${name}, found ${found.length}`);
    const [{ reference, body }] = found;
    resources[resource] = reference;
    const sse = body.server_side_encryption as { kms_key_arn?: string } | undefined;
    const key = (body.kms_master_key_id as string | undefined) ?? sse?.kms_key_arn;
    if (key) encryptionKeys[resource] = key;
  }
  return { resources, encryptionKeys };
}
