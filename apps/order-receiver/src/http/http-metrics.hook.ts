import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpRequestDuration, httpRequestsTotal } from '@app/observability';

/**
 * Counts and times every answer by its route pattern (not its URL, to bound label
 * cardinality); requests no route matched count as `unmatched`.
 */
export async function httpMetricsHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const labels = {
    method: request.method,
    route: request.routeOptions.url ?? 'unmatched',
    status: String(reply.statusCode),
  };
  httpRequestsTotal.inc(labels);
  httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
}
