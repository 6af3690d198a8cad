/** Anchor: bare Express (its defaults) answering GET /health/live with {"status":"ok"}. */
import express from 'express';
import { anchorPort, ANCHOR_HOST, announce } from './anchor-port';

const app = express();
app.get('/health/live', (_req, res) => {
  res.json({ status: 'ok' });
});
const server = app.listen(anchorPort(), ANCHOR_HOST, (error?: Error) => {
  if (error) {
    process.stderr.write(`express anchor failed: ${error.message}\n`);
    process.exit(1);
  }
  announce('express', server.address());
});
