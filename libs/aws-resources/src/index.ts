/**
 * @app/aws-resources: the one definition of every AWS resource name and setting.
 * Pure data, no SDK: the apps, scripts/ and infra/ all import it.
 */
export * from './resource-names';
export * from './messaging-settings';
export * from './table-schema';
export * from './local-defaults';
export * from './http-settings';
export * from './aws-permissions';
export * from './identity';
export * from './order-metrics';
