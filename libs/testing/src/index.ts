/** @app/testing: helpers for end-to-end specs (a moto server per spec, provisioned environments). */
export * from './moto-server';
export * from './test-environment';
export * from './app-process';
export * from './wait-for';
export * from './http-client';
export * from './order-fixtures';
export * from './fault-proxy';
export * from './recorded-calls';
export * from './nest-app';
export * from './tokens';
export * from './emf';
