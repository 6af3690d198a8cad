import { applyDecorators } from '@nestjs/common';
import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A field's rules, checked in the order written. With `stopAtFirstError` class-validator reports
 * the first rule that fails, in the order the rules were registered: stacked decorators register
 * bottom-up, these in the order given (is it there, is it the right type, then format and ranges).
 */
export function InOrder(...rules: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...rules);
}

/**
 * Present, whatever its value. Unlike class-validator's IsDefined it lets `null` through to the
 * type rule after it, so that `"customerId": null` is told the type it must have.
 */
export function IsRequired(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isRequired', validator: { validate: (value: unknown) => value !== undefined } },
    { message: '$property is required', ...options },
  );
}

/** A JSON object: not null, not an array, not a scalar. */
export function isJsonObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The name describeValidationErrors knows EachIsObject by, to name each element that fails it. */
export const EACH_IS_OBJECT = 'eachIsObject';

/**
 * Every element of the array is a JSON object. ValidateNested alone would validate an array
 * inside the array as if its elements were elements of the outer one, and let it through.
 */
export function EachIsObject(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: EACH_IS_OBJECT,
      validator: { validate: (value: unknown) => Array.isArray(value) && value.every(isJsonObject) },
    },
    { message: '$property must contain only objects', ...options },
  );
}
