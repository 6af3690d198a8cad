import { isAbsolute } from 'node:path';
import { z } from 'zod';

/** Integer environment variable within [min, max], with a default. */
export const intVar = (def: number, min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be an integer')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(def);

/** Decimal environment variable within [min, max], with a default. */
export const numberVar = (def: number, min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(def);

/** Empty strings count as unset, so `FOO=` in a shell behaves like no FOO at all. */
export const optionalUrl = () =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().url('must be a URL such as http://localhost:4566').optional(),
  );

/** An optional absolute file path; empty counts as unset. */
export const optionalAbsolutePath = () =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().refine(isAbsolute, 'must be an absolute file path').optional(),
  );
