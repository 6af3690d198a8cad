import { resourceNames } from './resource-names';

/**
 * Who may call the order API, defined once: the Cognito user pool's names, its resource server
 * and scopes, and the admin group. infra/ creates them on AWS, the local provisioning creates
 * them on the emulator, and the receiver checks tokens against them.
 */

/** Identifier of the user pool's resource server: scopes read `orders/<name>`. */
export const ORDERS_RESOURCE_SERVER = 'orders';

/** Scopes a service client (client-credentials token) may carry; a customer's token carries none of them. */
export const ORDER_SCOPES = {
  /** Submit orders for any customer. */
  write: `${ORDERS_RESOURCE_SERVER}/write`,
  /** Read any customer's orders. */
  read: `${ORDERS_RESOURCE_SERVER}/read`,
} as const;

/** The resource server's scopes as Cognito declares them: the name after `orders/`, and what it grants. */
export const ORDER_SCOPE_DECLARATIONS: readonly { readonly name: string; readonly description: string }[] =
  Object.entries(ORDER_SCOPES).map(([grant, scope]) => ({
    name: scope.slice(ORDERS_RESOURCE_SERVER.length + 1),
    description: `${grant} any customer's orders`,
  }));

/** Cognito group (`cognito:groups` claim) whose members read any customer's orders. */
export const ORDERS_ADMIN_GROUP = 'orders-admin';

/** Seconds of clock difference tolerated on a token's `exp` and `nbf`. */
export const TOKEN_CLOCK_TOLERANCE_SECONDS = 5;

/** A token naming a key the receiver does not know refetches the issuer's keys at most this often. */
export const JWKS_REFETCH_MIN_INTERVAL_SECONDS = 30;

export interface IdentityNames {
  /** The user pool: customers, admins and the service clients. */
  readonly userPool: string;
  /** App client of the customers' app (user sign-in; its tokens are customer tokens). */
  readonly customerClient: string;
  /** App client of back-end services (client credentials, `orders/*` scopes). */
  readonly serviceClient: string;
}

export function identityNames(environment: string): IdentityNames {
  const { prefix } = resourceNames(environment);
  return {
    userPool: `${prefix}-users`,
    customerClient: `${prefix}-customers`,
    serviceClient: `${prefix}-services`,
  };
}

/** Where an environment's user pool lives: what the receiver needs to check its tokens. */
export interface IdentityLocations {
  readonly userPoolId: string;
  readonly customerClientId: string;
  readonly serviceClientId: string;
  /** Where the pool's signing keys are served; on AWS the receiver derives it from the pool. */
  readonly jwksUrl: string;
}

/** The issuer (`iss`) of a Cognito user pool's tokens: checked as on AWS, also locally. */
export function cognitoIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}
