/**
 * NODE_OPTIONS for an app's container, sized from the task's memory. V8 picks
 * its heap limit from the machine it sees, not the container's share, and grows
 * lazily towards it, so under load an app would sit far above its live heap
 * and, at worst, past the task's memory. The old space gets 60 % of the task's
 * memory (the rest is young generation, code, buffers and the sockets of the
 * AWS clients); a 2 MB young generation keeps RSS close to the live heap
 * (scripts/lib.sh's node_options_for gives the apps the same locally).
 */
export function nodeOptionsFor(taskMemoryMiB: number): string {
  if (!Number.isInteger(taskMemoryMiB) || taskMemoryMiB < 256) {
    throw new Error(
      `nodeOptionsFor: task memory must be an integer of at least 256 MiB (got ${taskMemoryMiB})`,
    );
  }
  return `--max-semi-space-size=2 --max-old-space-size=${Math.floor(taskMemoryMiB * 0.6)}`;
}
