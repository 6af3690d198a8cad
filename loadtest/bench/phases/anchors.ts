/**
 * The anchors of the liveness target: minimal servers (loadtest/bench/anchors/) answering
 * GET /health/live with {"status":"ok"}, each measured with the receiver's wrk settings in the same
 * run. They show what the machine and each framework cost with nothing of ours on the route, so the
 * receiver's liveness is judged as a share of NestJS on Fastify measured minutes apart on the same
 * cores, not against an absolute figure that depends on the machine.
 */
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '@app/emulator';
import { BenchOptions } from '../bench-options';
import { nodeOptionsOf } from '../runtime/bench-app';
import { ManagedProcess } from '../runtime/processes';
import { Progress } from '../runtime/progress';
import { LivenessResult, measureLiveness } from './liveness';
import { PhaseRecorder } from './phase-recorder';

export const ANCHORS = [
  { name: 'node-http', label: 'bare Node `http`' },
  { name: 'fastify', label: 'bare Fastify' },
  { name: 'nest-fastify', label: 'NestJS on Fastify' },
  { name: 'express', label: 'bare Express' },
  { name: 'nest-express', label: 'NestJS on Express' },
] as const;

export type AnchorName = (typeof ANCHORS)[number]['name'];

/** The anchor the liveness target is a share of: the receiver's own stack with nothing on the route. */
export const TARGET_ANCHOR: AnchorName = 'nest-fastify';

export function anchorLabel(name: AnchorName): string {
  return ANCHORS.find((a) => a.name === name)!.label;
}

export interface AnchorResult extends LivenessResult {
  readonly name: AnchorName;
  readonly label: string;
}

/** req/s of the receiver's liveness over the anchor's, when both were measured. */
export function livenessRatio(receiver?: LivenessResult, anchor?: LivenessResult): number | undefined {
  return receiver && anchor && anchor.requestsPerSecond > 0
    ? receiver.requestsPerSecond / anchor.requestsPerSecond
    : undefined;
}

/**
 * Each anchor in turn: started from dist/ as a process of its own with the receiver's V8 settings
 * (so that a ratio compares code, not heap limits), measured by wrk as the receiver is, stopped.
 * An anchor that fails is recorded and the next one runs.
 */
export async function measureAnchors(
  options: BenchOptions,
  progress: Progress,
  phases: PhaseRecorder,
): Promise<AnchorResult[]> {
  const results: AnchorResult[] = [];
  for (const { name, label } of ANCHORS) {
    progress.step(`anchor ${name}: wrk, 50 connections, GET /health/live for ${options.livenessSeconds} s`);
    const result = await phases.attempt(`anchor ${name}`, () => measureAnchor(name, options));
    if (!result) continue;
    progress.note(`${result.requestsPerSecond.toFixed(0)} req/s, ${result.errors} errors`);
    results.push({ ...result, name, label });
  }
  return results;
}

async function measureAnchor(name: AnchorName, options: BenchOptions): Promise<LivenessResult> {
  const port = await freePort();
  const server = ManagedProcess.start(
    `${name} anchor`,
    process.execPath,
    [join(REPO_ROOT, `dist/loadtest/bench/anchors/${name}.anchor.js`), String(port)],
    { ...process.env, NODE_OPTIONS: nodeOptionsOf('order-receiver') },
    join(options.outDir, `anchor-${name}.log`),
  );
  try {
    const url = `http://127.0.0.1:${port}`;
    await server.waitUntilReady(`${url}/health/live`, 30000);
    return await measureLiveness(url, options.livenessSeconds);
  } finally {
    await server.stop(2000);
  }
}
