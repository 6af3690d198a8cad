/** @app/provisioning: creates one environment's resources on an emulator from @app/aws-resources. */
export * from './provision-resources';
export * from './emulator-clients';
