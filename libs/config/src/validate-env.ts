import { z } from 'zod';
import { SECRET_VARIABLE } from './env-types';

/** Raised at start-up; the message names every bad variable and what is wrong with it. */
export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Parses `env` against `schema`; only the schema's keys are returned. */
export function validateEnv<S extends z.ZodTypeAny>(schema: S, env: Record<string, unknown>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(root)';
    const value = env[name];
    const shown =
      value === undefined
        ? 'unset'
        : SECRET_VARIABLE.test(name)
          ? 'a value, not shown'
          : JSON.stringify(value);
    return `${name}: ${issue.message} (got ${shown})`;
  });
  throw new InvalidEnvironmentError(problems);
}
