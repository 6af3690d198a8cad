import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { CreateOrderDto } from '../dto/create-order.dto';
import { Order, toOrder } from '../order';

export type ParsedOrderMessage = { ok: true; order: Order } | { ok: false; reason: string };

/** The options the HTTP API validates with; messages get the same rules. */
export const ORDER_VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
};

/** Flattens class-validator errors to `items.0.quantity must not be greater than 1000`. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => {
      if (rule === 'whitelistValidation') return `property ${path} should not exist`;
      return parent ? `${parent}.${message}` : message;
    });
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/** Parses an SQS body into an order with the same rules as the API, plus a required orderId. */
export function parseOrderMessage(body: string | undefined): ParsedOrderMessage {
  let json: unknown;
  try {
    json = JSON.parse(body ?? '');
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'body is not a JSON object' };
  }
  const dto = plainToInstance(CreateOrderDto, json);
  const errors = describeValidationErrors(validateSync(dto, ORDER_VALIDATION_OPTIONS));
  if (!dto.orderId) errors.unshift('orderId is required in a message');
  if (errors.length > 0) return { ok: false, reason: errors.join('; ') };
  return { ok: true, order: toOrder(dto.orderId!, dto) };
}
