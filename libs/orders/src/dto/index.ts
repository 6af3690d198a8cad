export * from './order-item.dto';
export * from './create-order.dto';
export * from './order.dto';
export * from './order-accepted.dto';
export * from './error-response.dto';
