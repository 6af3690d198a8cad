import { ORDER_SCOPES } from '@app/aws-resources';
import { BearerChallengeException } from './bearer-challenge.exception';
import type { Caller } from './caller';
import {
  assertMayReadOrders,
  assertMaySubmit,
  customerToReadFrom,
  mayRead,
  orderPathFor,
} from './order-access';

const alice: Caller = { kind: 'customer', customerId: 'alice', admin: false };
const admin: Caller = { kind: 'customer', customerId: 'root', admin: true };
const service = (...scopes: string[]): Caller => ({ kind: 'service', clientId: 'svc', scopes });
const both = service(ORDER_SCOPES.write, ORDER_SCOPES.read);
const alicesOrder = { customerId: 'alice', orderId: 'o-1' };

describe('order access', () => {
  describe(assertMaySubmit.name, () => {
    it('lets a customer submit for itself only', () => {
      expect(() => assertMaySubmit(alice, 'alice')).not.toThrow();
      expect(() => assertMaySubmit(alice, 'bob')).toThrow(/token's subject/);
      expect(() => assertMaySubmit(admin, 'alice')).toThrow(/token's subject/);
    });

    it('lets a service with orders/write submit for anyone, and asks for the scope otherwise', () => {
      expect(() => assertMaySubmit(service(ORDER_SCOPES.write), 'anyone')).not.toThrow();
      const refused = (() => {
        try {
          assertMaySubmit(service(ORDER_SCOPES.read), 'anyone');
        } catch (error) {
          return error as BearerChallengeException;
        }
      })();
      expect(refused?.getStatus()).toBe(403);
      expect(refused?.wwwAuthenticate).toBe(
        `Bearer realm="orders", error="insufficient_scope", scope="${ORDER_SCOPES.write}"`,
      );
    });

    it('lets an unrestricted caller submit anything, and a status URL nothing', () => {
      expect(() => assertMaySubmit({ kind: 'unrestricted' }, 'x')).not.toThrow();
      expect(() => assertMaySubmit({ kind: 'status-url', customerId: 'x', orderId: 'o' }, 'x')).toThrow();
    });
  });

  describe(mayRead.name, () => {
    it("shows a customer its own orders, at either path, and never another's", () => {
      expect(mayRead(alice, alicesOrder, undefined)).toBe(true);
      expect(mayRead(alice, alicesOrder, 'alice')).toBe(true);
      expect(mayRead(alice, { ...alicesOrder, customerId: 'bob' }, undefined)).toBe(false);
      expect(mayRead(alice, { ...alicesOrder, customerId: 'bob' }, 'bob')).toBe(false);
    });

    it("shows an admin anyone's order under the customers path, and only its own at /orders", () => {
      expect(mayRead(admin, alicesOrder, 'alice')).toBe(true);
      expect(mayRead(admin, alicesOrder, undefined)).toBe(false);
    });

    it('shows a service with orders/read any order, under the customer it belongs to', () => {
      expect(mayRead(both, alicesOrder, 'alice')).toBe(true);
      expect(mayRead(both, alicesOrder, undefined)).toBe(true);
      expect(mayRead(both, alicesOrder, 'bob')).toBe(false);
      expect(mayRead(service(ORDER_SCOPES.write), alicesOrder, 'alice')).toBe(false);
      expect(() => assertMayReadOrders(service(ORDER_SCOPES.write))).toThrow(
        /Invalid access token|lacks the scope/,
      );
      expect(() => assertMayReadOrders(both)).not.toThrow();
    });

    it('shows a signed status URL its one order only', () => {
      const caller: Caller = { kind: 'status-url', customerId: 'alice', orderId: 'o-1' };
      expect(mayRead(caller, alicesOrder, 'alice')).toBe(true);
      expect(mayRead(caller, { ...alicesOrder, orderId: 'o-2' }, 'alice')).toBe(false);
    });
  });

  it('looks in the path customer, else a customer caller its own; names where each caller reads', () => {
    expect(customerToReadFrom(alice, undefined)).toBe('alice');
    expect(customerToReadFrom(both, 'bob')).toBe('bob');
    expect(customerToReadFrom(both, undefined)).toBeUndefined();
    expect(orderPathFor(alice, 'alice', 'o-1')).toBe('/orders/o-1');
    expect(orderPathFor(both, 'a b', 'o-1')).toBe('/customers/a%20b/orders/o-1');
  });
});
