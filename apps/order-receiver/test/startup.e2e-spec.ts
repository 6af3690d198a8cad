import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT } from '@app/emulator';

/** Runs a built app (dist/) with `env` and returns how it ended and what it printed on stderr. */
function runApp(app: 'order-receiver' | 'order-processor', env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((ok) => {
    const child = spawn(process.execPath, [resolve(REPO_ROOT, `dist/apps/${app}/src/main.js`)], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      ok({ code, stderr });
    });
  });
}

/** A bad configuration value stops start-up with a message naming the variable, before any port is bound. */
describe('start-up with a bad configuration (built apps)', () => {
  it('stops the receiver, naming every bad variable', async () => {
    const sut = await runApp('order-receiver', { PORT: 'eighty', FAILURE_RATE: '2' });
    expect(sut.code).toBe(1);
    expect(sut.stderr).toMatch(/order-receiver failed to start: Invalid environment configuration/);
    expect(sut.stderr).toMatch(/PORT: must be a number \(got "eighty"\)/);
    expect(sut.stderr).toMatch(/FAILURE_RATE: must be at most 1 \(got "2"\)/);
  });

  it('stops the processor, naming the variable', async () => {
    const sut = await runApp('order-processor', { PROCESSOR_CONCURRENCY: '5000' });
    expect(sut.code).toBe(1);
    expect(sut.stderr).toMatch(/order-processor failed to start: Invalid environment configuration/);
    expect(sut.stderr).toMatch(/PROCESSOR_CONCURRENCY: must be at most 1000 \(got "5000"\)/);
  });
});
