import { findJsonHazard } from './json-hazards';

describe(findJsonHazard.name, () => {
  const order = '{"customerId":"c","items":[{"productId":"p","quantity":1,"price":1}]}';

  it('finds nothing in an ordinary order', () => {
    expect(findJsonHazard(order)).toBeUndefined();
  });

  it.each([
    ['a key repeated', '{"a":1,"a":2}', /property a appears more than once/],
    ['a key repeated through an escape', '{"customerId":1,"customer\\u0049d":2}', /customerId appears more/],
    ['a key repeated in a nested object', '{"items":[{"p":1,"q":2,"p":3}]}', /property p appears more/],
    ['__proto__', '{"__proto__":{"polluted":true}}', /property __proto__ is not allowed/],
    ['__proto__ spelt with escapes', '{"\\u005f_proto__":{}}', /property __proto__ is not allowed/],
    ['constructor in an item', '{"items":[{"constructor":{"prototype":{}}}]}', /constructor is not allowed/],
    ['prototype', '{"prototype":1}', /property prototype is not allowed/],
    ['a lone high surrogate', '{"a":"x\\ud800"}', /well-formed Unicode/],
    ['a lone low surrogate in a key', '{"\\udc00":1}', /well-formed Unicode/],
    ['33 levels of arrays', '['.repeat(33) + ']'.repeat(33), /nested deeper than 32 levels/],
    ['33 levels of objects', '{"a":'.repeat(33) + '1' + '}'.repeat(33), /nested deeper than 32 levels/],
  ])('rejects %s', (_name, text, reason) => {
    expect(JSON.parse(text)).toBeDefined(); // each is valid JSON that JSON.parse accepts
    expect(findJsonHazard(text)).toMatch(reason);
  });

  it.each([
    ['the same key in sibling objects', '{"items":[{"p":1},{"p":2}]}'],
    ['a key name as a value', '{"a":"a","b":"a"}'],
    ['quotes, commas and braces inside strings', '{"a":"x\\",\\"a\\":{[","b":"\\\\"}'],
    ['__proto__ as a value', '{"a":"__proto__"}'],
    ['a surrogate pair', '{"a":"\\ud83d\\udca5"}'],
    ['32 levels', '['.repeat(32) + ']'.repeat(32)],
    ['a top-level array', '[{"a":1},{"a":1}]'],
  ])('accepts %s', (_name, text) => {
    expect(JSON.parse(text)).toBeDefined();
    expect(findJsonHazard(text)).toBeUndefined();
  });

  it('scans a 10 000-level body without recursing', () => {
    expect(findJsonHazard('['.repeat(10000) + ']'.repeat(10000))).toMatch(/nested deeper/);
  });
});
