import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the first parent of this file with a package.json (from the sources and from dist/). */
export const REPO_ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

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
