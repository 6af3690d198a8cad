/**
 * Cost per million orders at AWS list prices, from what the bench measured per
 * order: the apps' AWS requests (aws_requests_total) and their CPU time. A
 * model, not a bill: see COST_LEAVES_OUT and the assumptions beside each price.
 */

/** us-east-1 list prices of `asOf`. */
export const PRICES = {
  asOf: '2026-12-02',
  region: 'us-east-1',
  /** Per million SNS requests; each 64 KB chunk of a payload is a request, so a small PublishBatch of 10 is one. */
  snsPerMillionRequests: 0.5,
  /** Per million SQS requests; a batch of up to 10 (and 64 KB) is one request, an empty receive too. */
  sqsPerMillionRequests: 0.4,
  /** DynamoDB on-demand, per million write / read request units. */
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  /** Fargate (Linux/x86, on-demand). */
  fargatePerVcpuHour: 0.04048,
  fargatePerGbHour: 0.004445,
  /**
   * Application Load Balancer hour and LCU-hour (Elastic Load Balancing pricing, its us-east-1
   * example); the capacity plan prices the ALB with them.
   */
  albPerHour: 0.0225,
  albPerLcuHour: 0.008,
  /** NAT gateway data processing per GB (Amazon VPC pricing): SNS and SQS calls leave the private subnets through it. */
  natPerGbProcessed: 0.045,
  /** CloudWatch Logs standard ingestion per GB (Amazon CloudWatch pricing): the apps' JSON lines on AWS. */
  logsPerGbIngested: 0.5,
} as const;

/** Memory the infra's task sizes give each vCPU (0.25 vCPU / 0.5 GB in dev, 0.5 / 1 GB in prod). */
export const GB_PER_VCPU = 2;

export const COST_LEAVES_OUT = [
  'CloudWatch log ingestion and storage (the apps log at info on AWS)',
  'NAT gateway hours and data processed',
  'ALB hours and load-balancer capacity units',
  'Fargate Spot discounts (the processor can run on Spot; prices here are on-demand)',
  'idle capacity: Fargate is priced from CPU time used, as if tasks ran at 100 % CPU (at a 60 % autoscaling target, divide the Fargate lines by 0.6)',
  'SDK retries (aws_requests_total counts a call once, whatever its attempts) and free tiers',
] as const;

export const COST_ASSUMPTIONS =
  'Payloads below 64 KB (one SNS/SQS request per call, a batch as one); DynamoDB items below 1 KB (one write unit ' +
  'per PutItem/UpdateItem/DeleteItem, a refused conditional write included), reads below 4 KB counted as strongly ' +
  'consistent (one read unit per GetItem/Query/Scan call), a TransactWriteItems call as two items (two units each).';

export interface DynamoUnits {
  readonly write: number;
  readonly read: number;
}

/** Capacity units one DynamoDB call consumes, under COST_ASSUMPTIONS; control-plane calls are free. */
export function dynamoUnits(operation: string): DynamoUnits {
  switch (operation) {
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
    case 'BatchWriteItem':
      return { write: 1, read: 0 };
    case 'TransactWriteItems':
      return { write: 4, read: 0 };
    case 'GetItem':
    case 'Query':
    case 'Scan':
    case 'BatchGetItem':
      return { write: 0, read: 1 };
    case 'TransactGetItems':
      return { write: 0, read: 4 };
    default:
      return { write: 0, read: 0 };
  }
}

export interface CostInput {
  /** AWS requests per order by "service operation" (aws_requests_total's labels). */
  readonly requestsPerOrder: Readonly<Record<string, number>>;
  /** CPU milliseconds per order of the app tasks that would run on Fargate. */
  readonly cpuMsPerOrder: number;
}

/** US dollars per million orders, by line. */
export interface CostPerMillion {
  readonly sns: number;
  readonly sqs: number;
  readonly dynamoWrites: number;
  readonly dynamoReads: number;
  readonly fargateCpu: number;
  readonly fargateMemory: number;
  readonly total: number;
  /** Services whose calls the model does not price. */
  readonly unpriced: readonly string[];
}

export function costPerMillionOrders(input: CostInput): CostPerMillion {
  let sns = 0;
  let sqs = 0;
  let writeUnits = 0;
  let readUnits = 0;
  const unpriced = new Set<string>();
  for (const [call, perOrder] of Object.entries(input.requestsPerOrder)) {
    const [service, operation = ''] = call.split(' ');
    switch (service.toLowerCase()) {
      case 'sns':
        sns += perOrder;
        break;
      case 'sqs':
        sqs += perOrder;
        break;
      case 'dynamodb': {
        const units = dynamoUnits(operation);
        writeUnits += units.write * perOrder;
        readUnits += units.read * perOrder;
        break;
      }
      default:
        unpriced.add(service);
    }
  }
  // Per order × a million orders / a million (the unit of each price) = per order × price.
  const vcpuHoursPerOrder = input.cpuMsPerOrder / 1000 / 3600;
  const lines = {
    sns: sns * PRICES.snsPerMillionRequests,
    sqs: sqs * PRICES.sqsPerMillionRequests,
    dynamoWrites: writeUnits * PRICES.dynamoPerMillionWriteUnits,
    dynamoReads: readUnits * PRICES.dynamoPerMillionReadUnits,
    fargateCpu: vcpuHoursPerOrder * 1e6 * PRICES.fargatePerVcpuHour,
    fargateMemory: vcpuHoursPerOrder * GB_PER_VCPU * 1e6 * PRICES.fargatePerGbHour,
  };
  const total = Object.values(lines).reduce((a, b) => a + b, 0);
  return { ...lines, total, unpriced: [...unpriced].sort() };
}
