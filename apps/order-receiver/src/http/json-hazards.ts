/** Deeper than any order (3 levels) by a wide margin, far below what recursive code can take. */
export const MAX_JSON_DEPTH = 32;

/**
 * Names that reach an object's prototype when code copies or merges plain objects. Nest's
 * ValidationPipe silently drops `__proto__` and `constructor` before validating, so without
 * this check they would be accepted where any other unknown field is rejected.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A `\uD800`-`\uDFFF` escape: only these can make a string that is not well-formed Unicode. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
/** With the u flag, a surrogate pair is one code point; only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Finds what `JSON.parse` accepts but the API must not: nesting deeper than `maxDepth`
 * (recursive code such as the validation pipe overflows the stack long before the body
 * limit is reached), a repeated key in one object (JSON.parse keeps the last one silently;
 * RFC 8259 §4 leaves the meaning undefined), prototype-polluting keys, and strings with a
 * lone surrogate (`"\uD800"`: not Unicode text; storing it as UTF-8 replaces it, so the
 * stored order would differ from the one acknowledged). Scans the text once, without
 * recursion; only run it on text that `JSON.parse` accepted.
 *
 * @returns what is wrong, or undefined
 */
export function findJsonHazard(text: string, maxDepth = MAX_JSON_DEPTH): string | undefined {
  /** One entry per open container: the keys seen so far for an object, null for an array. */
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      if (open.length >= maxDepth) return `JSON body is nested deeper than ${maxDepth} levels`;
      open.push(c === '{' ? new Set() : null);
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      open.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = open[open.length - 1] instanceof Set;
    } else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const literal = text.slice(start, i + 1);
      if (SURROGATE_ESCAPE.test(literal) && LONE_SURROGATE.test(JSON.parse(literal) as string)) {
        return 'strings must be well-formed Unicode (a lone surrogate escape such as \\uD800 is not)';
      }
      if (!expectKey) continue;
      expectKey = false;
      const key = JSON.parse(literal) as string;
      if (PROTOTYPE_KEYS.has(key)) return `property ${key} is not allowed`;
      const keys = open[open.length - 1] as Set<string>;
      if (keys.has(key)) return `property ${key} appears more than once in one object`;
      keys.add(key);
    }
  }
  return undefined;
}
