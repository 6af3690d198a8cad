import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort, REPO_ROOT } from '@app/emulator';
import { AppProcess } from '@app/testing';

/** Runs a built app (dist/) with `env` and returns how it ended and what it printed on stderr. */
function runApp(app: 'order-receiver' | 'order-processor', env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((ok) => {
    const child = spawn(process.execPath, [resolve(REPO_ROOT, `dist/apps/${app}/src/main.js`)], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
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

  it('stops the receiver while authentication is on but its user pool is not configured, naming the variables', async () => {
    const sut = await runApp('order-receiver', {});
    expect(sut.code).toBe(1);
    expect(sut.stderr).toMatch(/COGNITO_USER_POOL_ID: is required while authentication is on/);
    expect(sut.stderr).toMatch(/COGNITO_CUSTOMER_CLIENT_ID: is required while authentication is on/);
  });

  it('starts the receiver with AUTH_DISABLED=true, warning that authentication is off', async () => {
    const sut = await AppProcess.start(
      'order-receiver',
      { AUTH_DISABLED: 'true', LOG_LEVEL: 'info' },
      await freePort(),
    );
    try {
      expect(sut.logs).toContainEqual(
        expect.objectContaining({ msg: expect.stringMatching(/^AUTH_DISABLED=true: authentication is off/) }),
      );
    } finally {
      await sut.stop();
    }
  });

  it('stops the processor, naming the variable', async () => {
    const sut = await runApp('order-processor', { PROCESSOR_CONCURRENCY: '5000' });
    expect(sut.code).toBe(1);
    expect(sut.stderr).toMatch(/order-processor failed to start: Invalid environment configuration/);
    expect(sut.stderr).toMatch(/PROCESSOR_CONCURRENCY: must be at most 1000 \(got "5000"\)/);
  });
});
