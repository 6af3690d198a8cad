import { BenchResults } from '../results';

/** A run in which no phase ran: specs add the phases they judge. */
export const EMPTY_RUN: BenchResults = {
  mode: 'quick',
  startedAt: '',
  finishedAt: '',
  commit: 'x',
  machine: { cpus: 2, cpuModel: 'cpu', memoryGiB: 4, node: '22', platform: 'linux', loadAverageAtStart: 0 },
  emulator: {
    description: 'SNS+SQS+DynamoDB: moto at http://127.0.0.1:4566',
    dynamodbSeparate: false,
    reused: false,
  },
  options: {},
  failures: [],
  charts: [],
};
