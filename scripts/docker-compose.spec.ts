import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { LOCAL_ENVIRONMENT, resourceLocations } from '@app/aws-resources';

/** What this spec reads of a compose service. */
interface ComposeService {
  readonly environment?: Record<string, string>;
  readonly read_only?: boolean;
  readonly cap_drop?: string[];
  readonly security_opt?: string[];
}

describe('docker/compose.yaml', () => {
  const { services } = parse(readFileSync(resolve(__dirname, '..', 'docker', 'compose.yaml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, ComposeService> };
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
    const orders = Object.entries(services[app].environment ?? {}).filter(([name]) =>
      name.startsWith('ORDERS_'),
    );
    expect(orders.map(([name]) => name)).toContain('ORDERS_TABLE_NAME');
    for (const [name, value] of orders) expect({ name, value }).toEqual({ name, value: expected[name] });
  });

  it.each(apps)('runs %s like its ECS task: read-only root, no capabilities, no privilege gain', (app) => {
    expect(services[app]).toMatchObject({
      read_only: true,
      cap_drop: ['ALL'],
      security_opt: ['no-new-privileges:true'],
    });
  });
});
