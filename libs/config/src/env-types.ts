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

/** An optional variable checked by `schema`; an empty value counts as unset, as `FOO=` does in a shell. */
export const optionalVar = (schema: z.ZodString) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** `true` or `false` (any case); empty or unset is the default. Anything else is refused, not guessed. */
export const boolVar = (def: boolean) =>
  z
    .preprocess(
      (v) => (v === '' || v === undefined ? undefined : typeof v === 'string' ? v.toLowerCase() : v),
      z
        .enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) })
        .default(def ? 'true' : 'false'),
    )
    .transform((v) => v === 'true');

/** An optional comma-separated list; blanks around items are dropped, an empty value is an empty list. */
export const listVar = (item: z.ZodString) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
        : (v ?? []),
    z.array(item),
  );

/** Names of variables whose values are never echoed in a start-up error. */
export const SECRET_VARIABLE = /(SECRET|SIGNING_KEY|PASSWORD|TOKEN)$/;
