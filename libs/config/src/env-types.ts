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

const URL_MESSAGE = 'must be a URL such as http://localhost:4566';

/**
 * An optional http(s) URL; empty strings count as unset, so `FOO=` in a shell behaves like no FOO
 * at all. `localhost:4566` parses as a URL of scheme `localhost:`, so the scheme is checked too.
 */
export const optionalUrl = () =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .url(URL_MESSAGE)
      .refine((v) => /^https?:\/\//i.test(v), URL_MESSAGE)
      .optional(),
  );

/** An optional absolute file path; empty counts as unset. */
export const optionalAbsolutePath = () =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().refine(isAbsolute, 'must be an absolute file path').optional(),
  );
