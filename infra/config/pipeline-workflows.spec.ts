import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findRepoRoot } from '../lib/paths';
import { SHARED_IMAGE_APPS, sharedImageRepositoryName } from './image-repositories';
import { stateKeyOf } from './state-key';

/**
 * The workflows of .github/workflows say in YAML what infra/ defines in TypeScript: which images
 * go to which shared repository, which state object each environment's role may write. These
 * specs keep the two in step; actionlint (scripts/lint-workflows.sh) checks the rest.
 */
interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Job {
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, string[]> };
  env?: Record<string, string>;
  steps?: Step[];
  uses?: string;
  with?: Record<string, string>;
  needs?: string | string[];
  concurrency?: { group: string; 'cancel-in-progress': boolean };
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const directory = join(findRepoRoot(), '.github', 'workflows');
const files = readdirSync(directory).filter((file) => file.endsWith('.yml'));
const workflow = (file: string) => parse(readFileSync(join(directory, file), 'utf8')) as Workflow;
const deploy = workflow('deploy.yml');
const deployEnvironment = workflow('deploy-environment.yml');

describe('the pipeline workflows', () => {
  it.each(files)('%s pins every action by full commit SHA, with its version in a comment', (file) => {
    const uses = readFileSync(join(directory, file), 'utf8')
      .split('\n')
      .filter((line) => /^\s*(- )?uses: /.test(line) && !line.includes('./.github/'));
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it.each(files)('%s grants only read access to the contents by default', (file) => {
    expect(workflow(file).permissions).toEqual({ contents: 'read' });
  });

  it.each(files)(
    '%s installs an npm that reads allowScripts (engines.npm) before any npm ci: Node 22 bundles npm 10',
    (file) => {
      const minimum = (
        JSON.parse(readFileSync(join(findRepoRoot(), 'package.json'), 'utf8')) as { engines: { npm: string } }
      ).engines.npm;
      const [minMajor, minMinor] = /^>=(\d+)\.(\d+)\.\d+$/.exec(minimum)!.slice(1).map(Number);
      for (const job of Object.values(workflow(file).jobs)) {
        const runs = (job.steps ?? []).map((step) => step.run ?? '');
        const ci = runs.findIndex((run) => /\bnpm ci\b/.test(run));
        if (ci === -1) continue;
        const upgrade = runs.findIndex((run) => /npm install --global npm@\d+\.\d+\.\d+/.test(run));
        expect(upgrade).toBeGreaterThan(-1);
        expect(upgrade).toBeLessThan(ci);
        const [major, minor] = /npm@(\d+)\.(\d+)/.exec(runs[upgrade])!.slice(1).map(Number);
        expect(major > minMajor || (major === minMajor && minor >= minMinor)).toBe(true);
      }
    },
  );

  it('pushes each shared image, tagged with the commit SHA, to the repository the stack reads', () => {
    const { images } = deploy.jobs;
    expect(images.strategy!.matrix.app).toEqual([...SHARED_IMAGE_APPS]);
    expect(images.env!.REPOSITORY.replace('${{ matrix.app }}', 'APP')).toBe(sharedImageRepositoryName('APP'));
    expect(images.env!.IMAGE_TAG).toBe('${{ github.sha }}');
    // The first environment's deploy role is the one the bootstrap lets push.
    expect(images.environment).toBe('dev');
  });

  it('deploys that tag to dev, then to prod, each through its own GitHub environment', () => {
    expect(deploy.on).toEqual({ push: { branches: ['main'] } });
    expect(deploy.jobs.dev).toMatchObject({ needs: 'images', with: { environment: 'dev' } });
    expect(deploy.jobs.prod).toMatchObject({ needs: 'dev', with: { environment: 'prod' } });
    const { deploy: job } = deployEnvironment.jobs;
    expect(job.environment).toBe('${{ inputs.environment }}');
    expect(job.env!.INFRA_IMAGE_TAG).toBe('${{ github.sha }}');
    expect(job.steps!.at(-1)).toMatchObject({
      'working-directory': 'infra',
      run: 'npx cdktf deploy --auto-approve',
    });
  });

  it('writes the one state object the environment’s deploy role may write', () => {
    const key = deployEnvironment.jobs.deploy.env!.INFRA_STATE_KEY;
    for (const environment of ['dev', 'prod']) {
      expect(key.replace('${{ inputs.environment }}', environment)).toBe(stateKeyOf(environment));
    }
  });

  it('never runs two deploys of one environment at once, nor cancels a running one', () => {
    expect(deployEnvironment.jobs.deploy.concurrency).toEqual({
      group: 'deploy-${{ inputs.environment }}',
      'cancel-in-progress': false,
    });
  });

  it('asks for an OIDC token only in jobs that run in a GitHub environment', () => {
    for (const file of files) {
      for (const [name, job] of Object.entries(workflow(file).jobs)) {
        if (job.permissions?.['id-token'] !== 'write' || job.uses) continue;
        expect({ file, name, environment: job.environment }).toEqual({
          file,
          name,
          environment: expect.any(String),
        });
      }
    }
    expect(workflow('ci.yml').jobs.test.permissions).toBeUndefined();
  });
});
