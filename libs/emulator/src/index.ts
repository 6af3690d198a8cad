/**
 * @app/emulator: the local AWS backend, in one home. The patched moto
 * (../moto-server.py) and the one launcher of moto and ministack (../run.sh,
 * with emulatorCommand for TypeScript callers), the emulator credentials, and
 * the provisioning of an environment's topic, queues and table from
 * @app/aws-resources, its user pool and local users included, with the tokens
 * the emulator's pool accepts (a user's from InitiateAuth, a service's signed
 * with moto's own key). `npm run local`, `npm run token`, the specs and the
 * bench all use it.
 */
export * from './repo-root';
export * from './launcher';
export * from './loopback';
export * from './credentials';
export * from './app-environment';
export * from './emulator-clients';
export * from './provision-resources';
export * from './provision-identity';
export * from './local-token';
export * from './service-token';
