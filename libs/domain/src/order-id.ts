/** What an orderId may be: the client's idempotency key, safe in URLs, logs and DynamoDB keys. */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The message that names a malformed orderId, wherever one is rejected. */
export const ORDER_ID_RULE = 'orderId must be 1-64 characters of A-Z, a-z, 0-9, _ or -';
