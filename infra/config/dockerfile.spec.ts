import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../lib/paths';
import { DOCKERFILE } from './services';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The Dockerfile's instructions in order: comments dropped, `\` continuations joined. */
function instructions(text: string): Instruction[] {
  return text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** The image of a FROM: its arguments without `--platform=…` and `AS <stage>`. */
function baseImage(args: string): string {
  return args
    .split(/\s+/)
    .filter((word) => !word.startsWith('--'))
    .join(' ')
    .replace(/\s+AS\s+\S+$/i, '');
}

describe(`${DOCKERFILE} (DOCKERFILE)`, () => {
  const parsed = instructions(readFileSync(join(findRepoRoot(), DOCKERFILE), 'utf8'));
  const froms = parsed.filter(({ keyword }) => keyword === 'FROM').map(({ args }) => baseImage(args));

  it('pins every stage to the same node:22-alpine image by digest, so the base changes only with this file', () => {
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) expect(image).toMatch(/^node:22-alpine@sha256:[0-9a-f]{64}$/);
    expect(new Set(froms).size).toBe(1);
  });

  it('ends the runtime stage as the unprivileged node user (uid 1000, which IMAGE_USER names for ECS)', () => {
    const lastStage = parsed.slice(parsed.map(({ keyword }) => keyword).lastIndexOf('FROM'));
    const users = lastStage.filter(({ keyword }) => keyword === 'USER').map(({ args }) => args);
    expect(users.at(-1)).toBe('node');
  });

  it("runs no dependency's install script: the image's npm (10) ignores package.json's allowScripts, which denies them all", () => {
    const installs = parsed.filter(
      ({ keyword, args }) => keyword === 'RUN' && /\bnpm (ci|install|i)\b/.test(args),
    );
    expect(installs.length).toBeGreaterThan(0);
    for (const { args } of installs) expect(args).toMatch(/\bnpm (ci|install|i)\b[^&;|]*--ignore-scripts/);
    const pkg = JSON.parse(readFileSync(join(findRepoRoot(), 'package.json'), 'utf8')) as {
      allowScripts: Record<string, boolean>;
    };
    expect(Object.values(pkg.allowScripts).filter((allowed) => allowed)).toEqual([]);
  });
});
