import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import {
  parsePolicy,
  resourcesOf,
  onlyResource,
  synthJson,
  TEST_AWS,
  TEST_KMS_KEY_ARN,
} from '../testing/fixtures';
import { NetworkConstruct } from './network.construct';

describe(NetworkConstruct.name, () => {
  let sut: NetworkConstruct;
  const build = (natGatewayPerAz: boolean, cidrBlock = '10.0.0.0/16') =>
    synthJson((scope) => {
      sut = new NetworkConstruct(scope, 'sut', {
        prefix: 'orders-dev',
        aws: TEST_AWS,
        cidrBlock,
        natGatewayPerAz,
        kmsKeyArn: TEST_KMS_KEY_ARN,
        logRetentionDays: 14,
      });
    });

  it('has two public and two private subnets in two zones, none mapping public IPs', () => {
    const { synth, json } = build(false);
    expect(synth).toHaveResourceWithProperties(Vpc, { cidr_block: '10.0.0.0/16' });
    const subnets = resourcesOf(json, 'aws_subnet');
    expect(subnets.map((subnet) => subnet.cidr_block).sort()).toEqual([
      '10.0.0.0/24',
      '10.0.1.0/24',
      '10.0.16.0/20',
      '10.0.32.0/20',
    ]);
    for (const subnet of subnets) expect(subnet.map_public_ip_on_launch).toBe(false);
    expect(synth).toHaveResourceWithProperties(Subnet, {
      availability_zone: expect.stringMatching(/element\(data\.aws_availability_zones\.\S+\.names, 0\)/),
    });
    expect(synth).toHaveResourceWithProperties(Subnet, {
      availability_zone: expect.stringMatching(/element\(data\.aws_availability_zones\.\S+\.names, 1\)/),
    });
  });

  it('shares one NAT gateway by default and routes both private subnets through it', () => {
    const { json } = build(false);
    const nats = resourcesOf(json, 'aws_nat_gateway');
    expect(nats).toHaveLength(1);
    const natRoutes = resourcesOf(json, 'aws_route_table').map(
      (table) => (table.route as { nat_gateway_id: string | null }[])[0].nat_gateway_id,
    );
    expect(natRoutes.filter(Boolean)).toEqual([
      expect.stringMatching(/aws_nat_gateway\.sut_nat-0_/),
      expect.stringMatching(/aws_nat_gateway\.sut_nat-0_/),
    ]);
  });

  it('builds one NAT gateway per AZ when asked', () => {
    expect(resourcesOf(build(true).json, 'aws_nat_gateway')).toHaveLength(2);
    expect(resourcesOf(build(true).json, 'aws_eip')).toHaveLength(2);
  });

  it('empties the default security group and logs rejected traffic', () => {
    const { json } = build(false);
    const defaultGroup = onlyResource(json, 'aws_default_security_group');
    expect(defaultGroup.ingress).toBeUndefined();
    expect(defaultGroup.egress).toBeUndefined();
    expect(onlyResource(json, 'aws_flow_log').traffic_type).toBe('REJECT');
  });

  it('lets the flow-log service describe log groups as well as write to its own', () => {
    const { json } = build(false);
    const [policy] = resourcesOf(json, 'aws_iam_role_policy').map((body) => parsePolicy(body));
    expect(policy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: ['logs:DescribeLogGroups'],
          Resource: 'arn:aws:logs:eu-west-1:123456789012:log-group:*',
        }),
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: expect.stringMatching(/aws_cloudwatch_log_group\.sut_flow-log-group_\w+\.arn}:\*$/),
        }),
      ]),
    );
  });

  it('creates the flow log only once its role has its policy (CreateFlowLogs checks the role)', () => {
    const { json } = build(false);
    const [policyId] = Object.keys(json.resource?.aws_iam_role_policy ?? {});
    expect(onlyResource(json, 'aws_flow_log').depends_on).toEqual([`aws_iam_role_policy.${policyId}`]);
  });

  it('reaches DynamoDB and S3 (ECR image layers) through gateway endpoints on the private route tables', () => {
    const { synth, json } = build(true);
    const privateTables = expect.arrayContaining([
      expect.stringMatching(/aws_route_table\.sut_private-0-routes_\w+\.id/),
      expect.stringMatching(/aws_route_table\.sut_private-1-routes_\w+\.id/),
    ]);
    for (const service of ['dynamodb', 's3']) {
      expect(synth).toHaveResourceWithProperties(VpcEndpoint, {
        service_name: `com.amazonaws.eu-west-1.${service}`,
        vpc_endpoint_type: 'Gateway',
        route_table_ids: privateTables,
      });
    }
    const endpoints = resourcesOf(json, 'aws_vpc_endpoint');
    expect(endpoints).toHaveLength(2);
    for (const endpoint of endpoints) expect(endpoint.route_table_ids).toHaveLength(2);
  });

  it('exposes what gives the private subnets egress: routes, associations, NAT gateways and endpoints', () => {
    build(false);
    const types = new Set(sut.privateEgress.map((resource) => resource.terraformResourceType));
    expect([...types].sort()).toEqual([
      'aws_nat_gateway',
      'aws_route_table',
      'aws_route_table_association',
      'aws_vpc_endpoint',
    ]);
  });

  it('rejects a CIDR that is not a /16', () => {
    expect(() => build(false, '10.0.0.0/24')).toThrow(/\/16/);
  });
});
