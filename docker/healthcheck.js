// Container HEALTHCHECK without curl or wget: liveness of whichever app the image runs (APP),
// GET /health/live on PORT (receiver, 3000) or PROCESSOR_PORT (processor, 3001). Liveness, not
// readiness: during a dependency outage the apps wait and recover by themselves.
const processor = process.env.APP === 'order-processor';
const port = processor ? process.env.PROCESSOR_PORT || 3001 : process.env.PORT || 3000;

fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
