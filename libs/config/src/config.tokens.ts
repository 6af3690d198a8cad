/** DI token of the validated, typed configuration object of the running app. */
export const APP_CONFIG = Symbol('APP_CONFIG');
