/**
 * @app/emulator: the local AWS backend, in one home. The patched moto
 * (../moto-server.py) and the one launcher of moto and ministack (../run.sh,
 * with emulatorCommand for TypeScript callers), the emulator credentials, and
 * the provisioning of an environment's topic, queues and table from
 * @app/aws-resources. `npm run local`, the specs and the bench all use it.
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
