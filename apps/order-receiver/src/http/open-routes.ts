/**
 * Routes open to anyone and exempt from the rate limits: the load balancer's and the
 * container's health checks, the docs and the metrics scrape.
 */
export const OPEN_ROUTES = /^\/(health|metrics|docs|docs-json)(\/|$)/;
