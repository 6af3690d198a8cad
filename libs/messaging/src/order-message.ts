import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateOrderDto, describeValidationErrors, ORDER_VALIDATION_OPTIONS } from '@app/contract';
import { Order, toOrder } from '@app/domain';

export type ParsedOrderMessage = { ok: true; order: Order } | { ok: false; reason: string };

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
