/**
 * Text without C0 or C1 control characters: a NUL, an escape sequence or a line break in a
 * customer or product id would travel on into logs, terminals and other systems.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001F\u007F-\u009F]*$/;
