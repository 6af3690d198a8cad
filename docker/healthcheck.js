// Container HEALTHCHECK without curl or wget: liveness of whichever app the image runs (APP).
// Receiver: GET /health/live on PORT (3000). Processor: GET /health on PROCESSOR_PORT (3001).
const processor = process.env.APP === 'order-processor';
const port = processor ? process.env.PROCESSOR_PORT || 3001 : process.env.PORT || 3000;
const path = processor ? '/health' : '/health/live';

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
