import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Fn, TerraformResource } from 'cdktf';
import { AwsContext } from '../lib/aws-context';
import { assumeRolePolicy, policyDocument } from '../lib/iam-policy';

/**
 * The VPC: two public subnets (ALB, NAT) and two private subnets (tasks, no
 * public IP) in two availability zones, with one shared NAT gateway or one per
 * AZ. DynamoDB and S3 (where ECR keeps image layers) are reached through free
 * gateway endpoints on the private route tables, so that traffic does not pay
 * NAT data processing. The default security group is emptied, and rejected
 * traffic is logged (flow log, REJECT only to keep ingestion cost near zero).
 */
export interface NetworkProps {
  /** Name prefix of every resource, e.g. `orders-dev`. */
  readonly prefix: string;
  readonly aws: AwsContext;
  /** VPC CIDR: a /16 split into /24 public and /20 private subnets. */
  readonly cidrBlock: string;
  /** Two NAT gateways (one per AZ) instead of one shared. */
  readonly natGatewayPerAz: boolean;
  readonly kmsKeyArn: string;
  readonly logRetentionDays: number;
}

/** Availability zones used: ALB needs two, and two keep the services up through an AZ outage. */
export const AZ_COUNT = 2;

/** AWS services with a (free) gateway endpoint: the table, and S3 for ECR's image layers. */
export const GATEWAY_ENDPOINT_SERVICES = ['dynamodb', 's3'] as const;

export class NetworkConstruct extends Construct {
  public readonly vpc: Vpc;
  public readonly publicSubnets: Subnet[];
  public readonly privateSubnets: Subnet[];
  public readonly natGateways: NatGateway[];
  public readonly privateRouteTables: RouteTable[];
  /** Gateway endpoints by service: `dynamodb` and `s3`. */
  public readonly gatewayEndpoints: Readonly<Record<(typeof GATEWAY_ENDPOINT_SERVICES)[number], VpcEndpoint>>;
  /**
   * Everything the private subnets need to reach the internet and the AWS APIs: services
   * depend on it so that their first tasks do not start before the routes exist.
   */
  public readonly privateEgress: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { prefix, aws, cidrBlock } = props;
    if (!/^\d{1,3}\.\d{1,3}\.0\.0\/16$/.test(cidrBlock)) {
      throw new Error(`NetworkConstruct: cidrBlock must be a /16 such as 10.0.0.0/16, got ${cidrBlock}`);
    }
    const name = (suffix: string) => ({ Name: `${prefix}-${suffix}` });

    // Allowlisted by name (not "every zone"), so a zone AWS adds later never moves a subnet.
    // Three candidates because some accounts see only two of a region's zones (e.g. us-west-1).
    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      state: 'available',
      filter: [{ name: 'zone-name', values: ['a', 'b', 'c'].map((letter) => `${aws.region}${letter}`) }],
    });
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: name('vpc'),
    });
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      tags: name('default-unused'),
    });

    const internetGateway = new InternetGateway(this, 'internet-gateway', {
      vpcId: this.vpc.id,
      tags: name('igw'),
    });
    const publicRoutes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id }],
      tags: name('public'),
    });

    const octets = cidrBlock.split('.');
    const subnetCidr = (third: number, size: number) => `${octets[0]}.${octets[1]}.${third}.0/${size}`;
    this.publicSubnets = [];
    this.privateSubnets = [];
    this.natGateways = [];
    this.privateRouteTables = [];
    const associations: RouteTableAssociation[] = [];
    for (let index = 0; index < AZ_COUNT; index++) {
      const availabilityZone = Fn.element(zones.names, index);
      const publicSubnet = new Subnet(this, `public-${index}`, {
        vpcId: this.vpc.id,
        availabilityZone,
        cidrBlock: subnetCidr(index, 24),
        // The ALB and NAT gateways get their addresses explicitly; nothing else lives here.
        mapPublicIpOnLaunch: false,
        tags: name(`public-${index}`),
      });
      new RouteTableAssociation(this, `public-${index}-routes`, {
        subnetId: publicSubnet.id,
        routeTableId: publicRoutes.id,
      });
      this.publicSubnets.push(publicSubnet);

      if (index === 0 || props.natGatewayPerAz) {
        const address = new Eip(this, `nat-${index}-address`, { domain: 'vpc', tags: name(`nat-${index}`) });
        this.natGateways.push(
          new NatGateway(this, `nat-${index}`, {
            allocationId: address.allocationId,
            subnetId: publicSubnet.id,
            tags: name(`nat-${index}`),
            dependsOn: [internetGateway],
          }),
        );
      }

      const privateSubnet = new Subnet(this, `private-${index}`, {
        vpcId: this.vpc.id,
        availabilityZone,
        cidrBlock: subnetCidr(16 * (index + 1), 20),
        mapPublicIpOnLaunch: false,
        tags: name(`private-${index}`),
      });
      const nat = this.natGateways[this.natGateways.length - 1];
      const privateRoutes = new RouteTable(this, `private-${index}-routes`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }],
        tags: name(`private-${index}`),
      });
      associations.push(
        new RouteTableAssociation(this, `private-${index}-routes-association`, {
          subnetId: privateSubnet.id,
          routeTableId: privateRoutes.id,
        }),
      );
      this.privateRouteTables.push(privateRoutes);
      this.privateSubnets.push(privateSubnet);
    }

    // Default (full-access) endpoint policy: what a task may do is its role's business, and
    // ECR's layer bucket is AWS-owned with a name that is not part of any contract.
    const endpoint = (service: (typeof GATEWAY_ENDPOINT_SERVICES)[number]) =>
      new VpcEndpoint(this, `${service}-endpoint`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${aws.region}.${service}`,
        vpcEndpointType: 'Gateway',
        routeTableIds: this.privateRouteTables.map((table) => table.id),
        tags: name(`${service}-endpoint`),
      });
    this.gatewayEndpoints = { dynamodb: endpoint('dynamodb'), s3: endpoint('s3') };
    this.privateEgress = [
      ...this.natGateways,
      ...this.privateRouteTables,
      ...associations,
      ...Object.values(this.gatewayEndpoints),
    ];

    const flowLogGroup = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: `/vpc/${prefix}/rejected`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const flowLogRole = new IamRole(this, 'flow-log-role', {
      name: `${prefix}-flow-log`,
      assumeRolePolicy: assumeRolePolicy('vpc-flow-logs.amazonaws.com', aws.accountId),
    });
    new IamRolePolicy(this, 'flow-log-policy', {
      role: flowLogRole.id,
      policy: policyDocument([
        {
          // The flow-log service checks that its destination exists; without this it reports
          // "Access error" on the flow log. A list action, scoped to this account and region.
          sid: 'FindLogGroup',
          actions: ['logs:DescribeLogGroups'],
          resources: [`arn:${aws.partition}:logs:${aws.region}:${aws.accountId}:log-group:*`],
        },
        {
          sid: 'WriteFlowLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [`${flowLogGroup.arn}:*`],
        },
      ]),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'REJECT',
      logDestinationType: 'cloud-watch-logs',
      logDestination: flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 600,
    });
  }
}
