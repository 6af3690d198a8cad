import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Caller } from './caller';

declare module '@fastify/request-context' {
  interface RequestContextData {
    caller?: Caller;
  }
}

/** Records who is calling for the rest of the request (the authentication hook calls it). */
export function setCaller(request: FastifyRequest, caller: Caller): void {
  request.requestContext.set('caller', caller);
}

/** Who is calling, or undefined on a route no authentication hook ran for. */
export function callerOf(request: FastifyRequest): Caller | undefined {
  return request.requestContext.get('caller');
}

/**
 * The authenticated caller of this request, as a handler parameter. Every order route has one:
 * the authentication hook answers 401 before routing otherwise, so a missing caller is a defect.
 */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = callerOf(context.switchToHttp().getRequest<FastifyRequest>());
  if (!caller)
    throw new Error('No caller on the request: the authentication hook did not run for this route');
  return caller;
});
