import { nodeOptionsFor } from './node-options';

describe(nodeOptionsFor.name, () => {
  it('gives the old space 60 % of the task memory and a small young generation', () => {
    expect(nodeOptionsFor(512)).toBe('--max-semi-space-size=2 --max-old-space-size=307');
    expect(nodeOptionsFor(1024)).toBe('--max-semi-space-size=2 --max-old-space-size=614');
  });

  it.each([0, 128, 511.5])('rejects a task memory of %p MiB', (memory) => {
    expect(() => nodeOptionsFor(memory)).toThrow(/task memory/);
  });
});
