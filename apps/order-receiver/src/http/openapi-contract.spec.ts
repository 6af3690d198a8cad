import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { REPO_ROOT } from '@app/emulator';
import { BEARER_AUTH, HTTP_METHODS } from './openapi-document';

/**
 * What docs/openapi.json, the published contract, must satisfy. The e2e spec
 * test/openapi.e2e-spec.ts proves the receiver serves exactly this file, so these hold for the
 * served document too.
 */
const PUBLISHED = 'docs/openapi.json';

const document = (): OpenAPIObject => JSON.parse(readFileSync(join(REPO_ROOT, PUBLISHED), 'utf8'));

/** Routes the load balancer and the container runtime call without a token. */
const PUBLIC_PATHS = ['/health', '/health/live'];

interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

/** `redocly lint` with the repository's redocly.yaml (recommended rules), as `npx redocly lint` runs it. */
function redoclyLint(file: string): { totals: Record<string, number>; problems: LintProblem[] } {
  const run = spawnSync(join(REPO_ROOT, 'node_modules/.bin/redocly'), ['lint', file, '--format=json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    timeout: 60000,
  });
  if (run.error) throw run.error;
  const start = run.stdout.indexOf('{');
  if (start < 0) throw new Error(`redocly lint printed no report (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout.slice(start));
}

interface Example {
  where: string;
  value: unknown;
  schema: object;
}

const pointer = (where: string, key: string | number): string =>
  `${where}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** A schema's `example` and those of the schemas inside it. */
function schemaExamples(schema: unknown, where: string): Example[] {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const found: Example[] = 'example' in node ? [{ where, value: node.example, schema: node }] : [];
  const inner: [string, unknown][] = [
    ...Object.entries((node.properties as object | undefined) ?? {}).map(
      ([name, value]): [string, unknown] => [pointer(`${where}/properties`, name), value],
    ),
    ...['items', 'additionalProperties', 'not'].map((k): [string, unknown] => [pointer(where, k), node[k]]),
    ...['allOf', 'oneOf', 'anyOf'].flatMap((k) =>
      ((node[k] as unknown[] | undefined) ?? []).map((value, i): [string, unknown] => [
        pointer(pointer(where, k), i),
        value,
      ]),
    ),
  ];
  return [...found, ...inner.flatMap(([at, value]) => schemaExamples(value, at))];
}

/**
 * Every example of an OpenAPI 3.0 document with the schema it illustrates: a schema's own
 * `example` (components and inline schemas, down to their properties), and the `example` and
 * `examples` of a media type, parameter or header, against its `schema`.
 */
function examplesOf(node: unknown, where = '#'): Example[] {
  if (node === null || typeof node !== 'object') return [];
  const object = node as Record<string, unknown>;
  const found: Example[] = [];
  const schema = object.schema;
  if (schema && typeof schema === 'object') {
    if ('example' in object) found.push({ where, value: object.example, schema });
    for (const [name, example] of Object.entries((object.examples as object | undefined) ?? {})) {
      found.push({
        where: pointer(`${where}/examples`, name),
        value: (example as { value?: unknown }).value,
        schema,
      });
    }
    found.push(...schemaExamples(schema, `${where}/schema`));
  }
  for (const [key, value] of Object.entries(object)) {
    if (key === 'schema' || key === 'example' || key === 'examples') continue;
    if (where === '#/components' && key === 'schemas') {
      for (const [name, s] of Object.entries(value as object))
        found.push(...schemaExamples(s, pointer(`${where}/schemas`, name)));
      continue;
    }
    found.push(...examplesOf(value, pointer(where, key)));
  }
  return found;
}

/**
 * The examples that fail their own schema, as a strict JSON Schema validator (ajv, with formats)
 * finds them: what generated clients and request validators would reject.
 */
function invalidExamples(doc: OpenAPIObject): string[] {
  const ajv = new Ajv({ allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addVocabulary(['example']);
  // The document's schemas under one id, so that `#/components/schemas/X` resolves from anywhere.
  const absolute = (schema: object): object =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"openapi#/definitions/'));
  ajv.addSchema({ $id: 'openapi', definitions: absolute(doc.components?.schemas ?? {}) });
  return examplesOf(doc).flatMap(({ where, value, schema }) => {
    const validate = ajv.compile(absolute(schema));
    return validate(value) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`];
  });
}

describe(PUBLISHED, () => {
  it('passes redocly lint with the recommended rules (redocly.yaml)', () => {
    const sut = redoclyLint(PUBLISHED);
    const problems = sut.problems.map(
      (p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`,
    );
    expect(problems).toEqual([]);
    expect(sut.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('has examples that all validate against their own schemas', () => {
    const sut = document();
    expect(examplesOf(sut).length).toBeGreaterThan(20); // It really looked.
    expect(invalidExamples(sut)).toEqual([]);
  });

  it('declares the bearer scheme: a JWT access token', () => {
    expect(document().components?.securitySchemes?.[BEARER_AUTH]).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  const operations = Object.entries(document().paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => ({ path, method, op: item[method]! })),
  );

  it.each(operations.filter(({ path }) => !PUBLIC_PATHS.includes(path)).map((o) => [o.path, o.method, o.op]))(
    '%s %s requires a bearer token and documents 401 (with WWW-Authenticate) and 403',
    (_path, _method, op) => {
      expect(op.security).toEqual([{ [BEARER_AUTH]: [] }]);
      expect(op.responses['401']).toHaveProperty(['headers', 'WWW-Authenticate']);
      expect(op.responses['403']).toBeDefined();
    },
  );

  it.each(PUBLIC_PATHS)('GET %s requires no token', (path) => {
    expect(document().paths[path]?.get).toBeDefined();
    expect(document().paths[path]?.get?.security ?? []).toEqual([]);
  });
});

describe(examplesOf.name, () => {
  it('finds the examples of schemas, properties, media types and parameters, with their schemas', () => {
    const price = { type: 'number', multipleOf: 0.01, example: 19.99 };
    const sut = examplesOf({
      components: {
        schemas: { Item: { type: 'object', properties: { price, example: { type: 'string' } } } },
      },
      paths: {
        '/x': {
          get: {
            parameters: [{ name: 'id', in: 'path', schema: { type: 'string' }, example: 'a' }],
            responses: {
              '200': { content: { 'application/json': { schema: { type: 'integer' }, example: 3 } } },
            },
          },
        },
      },
    });
    expect(sut).toEqual([
      { where: '#/components/schemas/Item/properties/price', value: 19.99, schema: price },
      { where: '#/paths/~1x/get/parameters/0', value: 'a', schema: { type: 'string' } },
      {
        where: '#/paths/~1x/get/responses/200/content/application~1json',
        value: 3,
        schema: { type: 'integer' },
      },
    ]);
  });

  it('lets ajv reject 19.99 as a multiple of 0.01, as the old document had it', () => {
    const sut = invalidExamples({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { Price: { type: 'number', multipleOf: 0.01, example: 19.99 } } },
    });
    expect(sut).toEqual(['#/components/schemas/Price: data must be multiple of 0.01']);
  });
});
