import { App, Testing } from 'cdktf';
import { AppPrincipal, resourceNames } from '@app/aws-resources';
import { loadStackConfig } from '../config/stack-config';
import { OrdersStack } from '../stacks/orders.stack';
import { parsePolicy, PolicyJson, resourcesOf, TerraformJson } from './fixtures';

export interface SynthesizedOrdersStack {
  readonly stack: OrdersStack;
  readonly synth: string;
  readonly json: TerraformJson;
}

/** Synthesizes the whole stack for an environment, as `main.ts` does, with a fixed image tag. */
export function synthOrdersStack(env: Record<string, string>): SynthesizedOrdersStack {
  const config = loadStackConfig(env);
  const { prefix } = resourceNames(config.environment);
  const stack = new OrdersStack(Testing.app() as App, prefix, {
    config,
    imageTag: 'feedfacecafe0001',
    contextDir: '/repo',
    standbyPageHtml: '<html><body>We are down for maintenance, your order was not lost</body></html>',
    stateFile: `/repo/infra/terraform.${prefix}.tfstate`,
  });
  const synth = Testing.synth(stack);
  return { stack, synth, json: JSON.parse(synth) as TerraformJson };
}

/** The inline policy of an app's task role (`<prefix>-<app>-task`) as synthesized. */
export function synthesizedTaskPolicy(
  { stack, json }: SynthesizedOrdersStack,
  app: AppPrincipal,
): PolicyJson {
  const roleName = `${stack.node.id}-${app}-task`;
  const role = Object.entries(json.resource?.aws_iam_role ?? {}).find(([, body]) => body.name === roleName);
  if (!role) throw new Error(`no role ${roleName} in the stack`);
  const policy = resourcesOf(json, 'aws_iam_role_policy').find(
    (body) => body.role === `\${aws_iam_role.${role[0]}.id}`,
  );
  if (!policy) throw new Error(`no inline policy on ${roleName}`);
  return parsePolicy(policy);
}
