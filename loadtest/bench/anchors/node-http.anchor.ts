/**
 * Anchor: bare node:http answering GET /health/live with {"status":"ok"}. The ceiling of any
 * Node server on this machine, what every framework on top of it is measured against.
 */
import { createServer } from 'node:http';
import { anchorPort, ANCHOR_HOST, announce } from './anchor-port';

const server = createServer((req, res) => {
  if (req.method !== 'GET' || req.url !== '/health/live') {
    res.writeHead(404).end();
    return;
  }
  // Serialised per request, as every framework anchor does.
  const body = JSON.stringify({ status: 'ok' });
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});
server.listen(anchorPort(), ANCHOR_HOST, () => announce('node-http', server.address()));
