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
  /**
   * ARN of the managed policy set as the flow-log role's permissions boundary (permissions-boundary.ts).
   * @default none: no boundary
   */
  readonly permissionsBoundaryArn?: string;
}

/** Availability zones used: ALB needs two, and two keep the services up through an AZ outage. */
export const AZ_COUNT = 2;

/** AWS services with a (free) gateway endpoint: the table, and S3 for ECR's image layers. */
export const GATEWAY_ENDPOINT_SERVICES = ['dynamodb', 's3'] as const;

/**
 * The VPC: two public subnets (ALB, NAT) and two private subnets (tasks, no
 * public IP) in two availability zones, with one shared NAT gateway or one per
 * AZ. DynamoDB and S3 (where ECR keeps image layers) are reached through free
 * gateway endpoints on the private route tables, so that traffic does not pay
 * NAT data processing. The default security group is emptied, and rejected
 * traffic is logged (flow log, REJECT only to keep ingestion cost near zero).
 */
export class NetworkConstruct extends Construct {
  public readonly vpc: Vpc;
  public readonly publicSubnets: Subnet[];
  public readonly privateSubnets: Subnet[];
  public readonly natGateways: NatGateway[];
  public readonly privateRouteTables: RouteTable[];
  /** Gateway endpoints by service: `dynamodb` and `s3`. */
  public readonly gatewayEndpoints: Readonly<Record<GatewayEndpointService, VpcEndpoint>>;
  /**
   * Everything the private subnets need to reach the internet and the AWS APIs: services
   * depend on it so that their first tasks do not start before the routes exist.
   */
  public readonly privateEgress: readonly TerraformResource[];
  /** Starts every Name tag. */
  private readonly prefix: string;
  /** The VPC's CIDR as given (`vpc.cidrBlock` is a token), which the subnets' CIDRs come from. */
  private readonly cidrBlock: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    assertNetworkProps(props);
    this.prefix = props.prefix;
    this.cidrBlock = props.cidrBlock;
    const zoneNames = this.availabilityZones(props.aws.region);
    this.vpc = this.createVpc();
    const internetGateway = new InternetGateway(this, 'internet-gateway', {
      vpcId: this.vpc.id,
      tags: this.nameTag('igw'),
    });
    this.publicSubnets = this.createPublicSubnets(zoneNames, internetGateway);
    this.natGateways = this.createNatGateways(props.natGatewayPerAz, internetGateway);
    const { subnets, routeTables, associations } = this.createPrivateSubnets(zoneNames);
    this.privateSubnets = subnets;
    this.privateRouteTables = routeTables;
    this.gatewayEndpoints = this.createGatewayEndpoints(props.aws.region);
    this.privateEgress = [
      ...this.natGateways,
      ...this.privateRouteTables,
      ...associations,
      ...Object.values(this.gatewayEndpoints),
    ];
    this.createRejectedTrafficLog(props);
  }

  /**
   * The names of the zones the subnets go to. Allowlisted by name (not "every zone"), so a zone
   * AWS adds later never moves a subnet. Three candidates because some accounts see only two of
   * a region's zones (e.g. us-west-1).
   */
  private availabilityZones(region: string): string[] {
    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      state: 'available',
      filter: [{ name: 'zone-name', values: ['a', 'b', 'c'].map((letter) => `${region}${letter}`) }],
    });
    return zones.names;
  }

  /** The VPC, with its default security group emptied so that nothing can use it. */
  private createVpc(): Vpc {
    const vpc = new Vpc(this, 'vpc', {
      cidrBlock: this.cidrBlock,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: this.nameTag('vpc'),
    });
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: vpc.id,
      tags: this.nameTag('default-unused'),
    });
    return vpc;
  }

  /** One /24 per zone, routed to the internet gateway: for the ALB and the NAT gateways. */
  private createPublicSubnets(zoneNames: string[], internetGateway: InternetGateway): Subnet[] {
    const routes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id }],
      tags: this.nameTag('public'),
    });
    return azIndexes().map((index) => {
      const subnet = new Subnet(this, `public-${index}`, {
        vpcId: this.vpc.id,
        availabilityZone: Fn.element(zoneNames, index),
        cidrBlock: this.subnetCidr(index, 24),
        // The ALB and NAT gateways get their addresses explicitly; nothing else lives here.
        mapPublicIpOnLaunch: false,
        tags: this.nameTag(`public-${index}`),
      });
      new RouteTableAssociation(this, `public-${index}-routes`, {
        subnetId: subnet.id,
        routeTableId: routes.id,
      });
      return subnet;
    });
  }

  /** A NAT gateway in the first public subnet, or one in each when `perAz`. */
  private createNatGateways(perAz: boolean, internetGateway: InternetGateway): NatGateway[] {
    const indexes = perAz ? azIndexes() : [0];
    return indexes.map((index) => {
      const address = new Eip(this, `nat-${index}-address`, {
        domain: 'vpc',
        tags: this.nameTag(`nat-${index}`),
      });
      return new NatGateway(this, `nat-${index}`, {
        allocationId: address.allocationId,
        subnetId: this.publicSubnets[index].id,
        tags: this.nameTag(`nat-${index}`),
        dependsOn: [internetGateway],
      });
    });
  }

  /**
   * One /20 per zone for the tasks, each with its own route table whose default route goes to
   * the zone's NAT gateway, or to the shared one.
   */
  private createPrivateSubnets(zoneNames: string[]): {
    subnets: Subnet[];
    routeTables: RouteTable[];
    associations: RouteTableAssociation[];
  } {
    const created = azIndexes().map((index) => {
      const subnet = new Subnet(this, `private-${index}`, {
        vpcId: this.vpc.id,
        availabilityZone: Fn.element(zoneNames, index),
        cidrBlock: this.subnetCidr(16 * (index + 1), 20),
        mapPublicIpOnLaunch: false,
        tags: this.nameTag(`private-${index}`),
      });
      const nat = this.natGateways[Math.min(index, this.natGateways.length - 1)];
      const routeTable = new RouteTable(this, `private-${index}-routes`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }],
        tags: this.nameTag(`private-${index}`),
      });
      const association = new RouteTableAssociation(this, `private-${index}-routes-association`, {
        subnetId: subnet.id,
        routeTableId: routeTable.id,
      });
      return { subnet, routeTable, association };
    });
    return {
      subnets: created.map(({ subnet }) => subnet),
      routeTables: created.map(({ routeTable }) => routeTable),
      associations: created.map(({ association }) => association),
    };
  }

  /**
   * Free gateway endpoints on the private route tables. Default (full-access) endpoint policy:
   * what a task may do is its role's business, and ECR's layer bucket is AWS-owned with a name
   * that is not part of any contract.
   */
  private createGatewayEndpoints(region: string): Record<GatewayEndpointService, VpcEndpoint> {
    const endpoint = (service: GatewayEndpointService) =>
      new VpcEndpoint(this, `${service}-endpoint`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: 'Gateway',
        routeTableIds: this.privateRouteTables.map((table) => table.id),
        tags: this.nameTag(`${service}-endpoint`),
      });
    return { dynamodb: endpoint('dynamodb'), s3: endpoint('s3') };
  }

  /** A flow log of rejected traffic only (to keep ingestion cost near zero), to an encrypted log group. */
  private createRejectedTrafficLog(props: NetworkProps): void {
    const { prefix, aws } = props;
    const logGroup = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: `/vpc/${prefix}/rejected`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const role = new IamRole(this, 'flow-log-role', {
      name: `${prefix}-flow-log`,
      assumeRolePolicy: assumeRolePolicy('vpc-flow-logs.amazonaws.com', aws.accountId),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    const policy = new IamRolePolicy(this, 'flow-log-policy', {
      role: role.id,
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
          resources: [`${logGroup.arn}:*`],
        },
      ]),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'REJECT',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
      // CreateFlowLogs checks that it can use the role; before IAM has the policy, the first apply fails.
      dependsOn: [policy],
    });
  }

  /** `<first two octets of the VPC>.<third>.0/<size>`. */
  private subnetCidr(third: number, size: number): string {
    const [first, second] = this.cidrBlock.split('.');
    return `${first}.${second}.${third}.0/${size}`;
  }

  private nameTag(suffix: string): { Name: string } {
    return { Name: `${this.prefix}-${suffix}` };
  }
}

type GatewayEndpointService = (typeof GATEWAY_ENDPOINT_SERVICES)[number];

/** 0 .. AZ_COUNT - 1. */
function azIndexes(): number[] {
  return Array.from({ length: AZ_COUNT }, (_, index) => index);
}

function assertNetworkProps({ cidrBlock }: NetworkProps): void {
  if (!/^\d{1,3}\.\d{1,3}\.0\.0\/16$/.test(cidrBlock)) {
    throw new Error(`NetworkConstruct: cidrBlock must be a /16 such as 10.0.0.0/16, got ${cidrBlock}`);
  }
}
