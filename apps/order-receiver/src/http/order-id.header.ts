/**
 * The response header naming the order an answer is about, on every answer of an order route once
 * the order has an id (also on errors, and for a generated id): the id a retry must carry.
 */
export const ORDER_ID_HEADER = 'Order-Id';
