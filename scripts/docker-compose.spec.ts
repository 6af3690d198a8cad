import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LOCAL_ENVIRONMENT, resourceLocations } from '@app/aws-resources';

/** One service of the compose file: its scalar settings and its own `environment` entries. */
interface ComposeService {
  readonly settings: Record<string, string>;
  readonly environment: Record<string, string>;
}

const unquote = (value: string) => value.trim().replace(/^(['"])(.*)\1$/, '$2');

/**
 * The `services:` block of docker/compose.yaml, read by indentation (services at 2 spaces, their
 * settings at 4, environment entries at 6). Enough for this file's block style; no YAML parser is a
 * dependency of the project.
 */
function composeServices(text: string): Record<string, ComposeService> {
  const services: Record<string, { settings: Record<string, string>; environment: Record<string, string> }> =
    {};
  let inServices = false;
  let service: string | undefined;
  let section: string | undefined;
  for (const line of text.split('\n')) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const match = /^( *)([\w.-]+|<<):\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, indent, key, value] = match;
    if (indent.length === 0) {
      inServices = key === 'services';
      service = undefined;
    } else if (inServices && indent.length === 2) {
      service = key;
      services[service] = { settings: {}, environment: {} };
    } else if (service && indent.length === 4) {
      section = key;
      if (value !== '') services[service].settings[key] = unquote(value);
    } else if (service && indent.length === 6 && section === 'environment' && key !== '<<') {
      services[service].environment[key] = unquote(value);
    }
  }
  return services;
}

describe('docker/compose.yaml', () => {
  const services = composeServices(readFileSync(resolve(__dirname, '..', 'docker', 'compose.yaml'), 'utf8'));
  const apps = ['order-receiver', 'order-processor'];
  // What `node dist/scripts/provision.js` creates for APP_ENVIRONMENT=local on the compose network.
  const local = resourceLocations(LOCAL_ENVIRONMENT, 'http://localstack:4566');
  const expected: Record<string, string> = {
    ORDERS_TABLE_NAME: local.tableName,
    ORDERS_TOPIC_ARN: local.topicArn,
    ORDERS_QUEUE_URL: local.queueUrl,
    ORDERS_DLQ_URL: local.deadLetterQueueUrl,
  };

  it.each(apps)('points %s at the resources @app/aws-resources names for the local environment', (app) => {
    const orders = Object.entries(services[app].environment).filter(([name]) => name.startsWith('ORDERS_'));
    expect(orders.map(([name]) => name)).toContain('ORDERS_TABLE_NAME');
    for (const [name, value] of orders) expect({ name, value }).toEqual({ name, value: expected[name] });
  });

  it.each(apps)('runs %s like its ECS task: read-only root, no capabilities, no privilege gain', (app) => {
    expect(services[app].settings).toMatchObject({
      read_only: 'true',
      cap_drop: '[ALL]',
      security_opt: '[no-new-privileges:true]',
    });
  });
});
