/**
 * Where a stack is deployed: the account, partition and region that ARNs and
 * service principals are built from. Values may be CDKTF tokens (from the
 * caller-identity and partition data sources) or literals in tests.
 */
export interface AwsContext {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}
