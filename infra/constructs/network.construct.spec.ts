import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { resourcesOf, onlyResource, synthJson, TEST_AWS, TEST_KMS_KEY_ARN } from '../testing/fixtures';
import { NetworkConstruct } from './network.construct';

describe(NetworkConstruct.name, () => {
  const build = (natGatewayPerAz: boolean, cidrBlock = '10.0.0.0/16') =>
    synthJson((scope) => {
      new NetworkConstruct(scope, 'sut', {
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

  it('rejects a CIDR that is not a /16', () => {
    expect(() => build(false, '10.0.0.0/24')).toThrow(/\/16/);
  });
});
