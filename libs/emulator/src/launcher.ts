import { join } from 'node:path';
import { REPO_ROOT } from './repo-root';

/** The emulators of the local backend: moto for SNS and SQS (and DynamoDB), ministack for DynamoDB. */
export type EmulatorKind = 'moto' | 'ministack';

/** The path each emulator answers once it is up. */
export const EMULATOR_HEALTH_PATH: Readonly<Record<EmulatorKind, string>> = {
  moto: '/moto-api/',
  ministack: '/_ministack/health',
};

/**
 * The command that runs an emulator on 127.0.0.1:`port` in the foreground: the one launcher,
 * libs/emulator/run.sh, which every caller uses. The process it starts is the emulator itself.
 */
export function emulatorCommand(kind: EmulatorKind, port: number): { command: string; args: string[] } {
  return { command: 'bash', args: [join(REPO_ROOT, 'libs/emulator/run.sh'), kind, String(port)] };
}
