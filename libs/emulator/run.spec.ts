import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './src/repo-root';

/** The launcher's answers when it cannot start an emulator, run from a checkout without virtualenvs. */
describe('libs/emulator/run.sh', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'run-sh-'));
    mkdirSync(join(root, 'libs/emulator'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'libs/emulator/run.sh'), join(root, 'libs/emulator/run.sh'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync('bash', [join(root, 'libs/emulator/run.sh'), ...args], { encoding: 'utf8' });

  it.each([
    ['moto', 'requirements.txt .venv'],
    ['ministack', 'requirements-dynamodb.txt .venv-dynamodb'],
  ])('names the command that makes the missing virtualenv of %s', (kind, ensure) => {
    const sut = run(kind, '4566');
    expect(sut.status).toBe(1);
    expect(sut.stderr).toContain(`run 'bash scripts/ensure-venv.sh ${ensure}' first`);
  });

  it.each([[['fauxqs', '4566']], [['moto']]])('answers %j with its usage', (args) => {
    const sut = run(...args);
    expect(sut.status).toBe(2);
    expect(sut.stderr).toMatch(/^usage: bash libs\/emulator\/run.sh moto\|ministack PORT/);
  });
});
