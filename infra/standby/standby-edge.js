// The standby's edge logic: a CloudFront Function (runtime cloudfront-js-2.0) on the distribution
// that DNS fails over to when the load balancer cannot take orders. It runs on viewer-request and
// on viewer-response (event.context.eventType tells which). Plain JavaScript as the CloudFront
// runtime takes it: one `handler`, no modules; infra/standby/standby-edge.spec.ts runs it in node:vm.
//
// - Browsers (GET or HEAD of any path outside the API) get the standby page from the bucket, with
//   status 503 and Retry-After, so that crawlers and caches treat it as a temporary outage.
// - API paths, and every other method on any path, get a JSON 503 in the receiver's error shape
//   ({ statusCode, error, message, requestId } plus orderId when the path names an order), answered
//   here: the request never reaches an origin, so nothing was accepted by this answer.

// The receiver's public path prefixes (RECEIVER_SERVICE.publicPathPatterns and docsPathPatterns up to
// their wildcard); the spec fails when they drift apart.
var API_PATH_PREFIXES = ['/orders', '/customers', '/health', '/docs'];

// The receiver's order id rule (ORDER_ID_PATTERN of @app/domain); the spec compares them.
var ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

// Failing back takes at least three passing health checks 30 s apart plus the record's 60 s TTL:
// a retry sooner than a minute reaches this standby again.
var RETRY_AFTER_SECONDS = 60;

var PAGE_URI = '/index.html';

function handler(event) {
  if (event.context.eventType === 'viewer-response') return standbyPageResponse(event.response);
  var request = event.request;
  var isRead = request.method === 'GET' || request.method === 'HEAD';
  if (isRead && !isApiPath(request.uri)) {
    request.uri = PAGE_URI;
    // A conditional request could turn into a 304, which viewer-response must not make a 503.
    delete request.headers['if-none-match'];
    delete request.headers['if-modified-since'];
    return request;
  }
  return unavailable(request, event.context.requestId);
}

function isApiPath(uri) {
  var path = uri.toLowerCase();
  for (var i = 0; i < API_PATH_PREFIXES.length; i++) {
    if (path.indexOf(API_PATH_PREFIXES[i]) === 0) return true;
  }
  return false;
}

/** The page as the bucket returned it, marked as a temporary outage; anything else untouched. */
function standbyPageResponse(response) {
  if (response.statusCode !== 200) return response;
  response.statusCode = 503;
  response.statusDescription = 'Service Unavailable';
  response.headers['retry-after'] = { value: String(RETRY_AFTER_SECONDS) };
  response.headers['cache-control'] = { value: 'no-store' };
  return response;
}

/** The JSON 503 of an API request or a non-read method, in the receiver's error shape. */
function unavailable(request, requestId) {
  var orderId = orderIdOf(request);
  var body = {
    statusCode: 503,
    error: 'Service Unavailable',
    message: messageFor(request.method, orderId),
    requestId: requestId,
  };
  var headers = {
    'content-type': { value: 'application/json; charset=utf-8' },
    'cache-control': { value: 'no-store' },
    'retry-after': { value: String(RETRY_AFTER_SECONDS) },
    'x-request-id': { value: requestId },
  };
  if (orderId !== undefined) {
    body.orderId = orderId;
    headers['order-id'] = { value: orderId };
  }
  return {
    statusCode: 503,
    statusDescription: 'Service Unavailable',
    headers: headers,
    body: { encoding: 'text', data: JSON.stringify(body) },
  };
}

/** The order a read names: GET /orders/{orderId} or GET /customers/{customerId}/orders/{orderId}. */
function orderIdOf(request) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  var match =
    /^\/orders\/([^/]+)$/.exec(request.uri) || /^\/customers\/[^/]+\/orders\/([^/]+)$/.exec(request.uri);
  if (!match) return undefined;
  var id;
  try {
    id = decodeURIComponent(match[1]);
  } catch (e) {
    return undefined;
  }
  return ORDER_ID_PATTERN.test(id) ? id : undefined;
}

/** Only what is known: this request reached no server, so it changed nothing. */
function messageFor(method, orderId) {
  var down = 'The order service is unavailable';
  if (orderId !== undefined) {
    return down + '; order ' + orderId + ' cannot be read now. Retry after Retry-After seconds';
  }
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') {
    return down + '; retry after Retry-After seconds';
  }
  return (
    down +
    '; this request reached no server and nothing was accepted by this answer. Retry after ' +
    'Retry-After seconds with the same orderId and body: a retry with it never creates a second order'
  );
}
