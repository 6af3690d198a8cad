import { existsSync, readFileSync } from 'node:fs';
import { RecordedAwsCall } from '@app/aws-resources';

/** The AWS calls an app appended to its AWS_CALL_LOG_FILE (none when it wrote nothing). */
export function readRecordedCalls(file: string): RecordedAwsCall[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedAwsCall);
}

/** Each distinct call once, as `service:Operation resource`, sorted: for printing what an app did. */
export function distinctCalls(calls: readonly RecordedAwsCall[]): string[] {
  return [...new Set(calls.map((c) => `${c.service}:${c.operation} ${c.resource}`))].sort();
}
