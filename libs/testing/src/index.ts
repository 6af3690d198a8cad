/** @app/testing: helpers for end-to-end specs (a moto server per spec, provisioned environments). */
export * from './moto-server';
// The checkout's root and loopback helpers, as the emulator's launcher finds and uses them.
export { freePort, REPO_ROOT, waitForHttp } from '@app/emulator';
export * from './test-environment';
export * from './app-process';
export * from './wait-for';
export * from './http-client';
export * from './order-fixtures';
export * from './fault-proxy';
export * from './recorded-calls';
