import { ValidationError } from 'class-validator';

/** The options the HTTP API validates with; queue messages get the same rules. */
export const ORDER_VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
};

/** Flattens class-validator errors to `items.0.quantity must not be greater than 1000`. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => {
      if (rule === 'whitelistValidation') return `property ${path} should not exist`;
      return parent ? `${parent}.${message}` : message;
    });
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}
