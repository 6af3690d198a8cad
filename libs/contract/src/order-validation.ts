import { getMetadataStorage, ValidationError, ValidatorOptions } from 'class-validator';
import { EACH_IS_OBJECT, isJsonObject } from './validation-rules';

/** The options the HTTP API validates with; queue messages get the same rules. */
export const ORDER_VALIDATION_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // One message per bad field: the first of its rules that fails (see InOrder).
  stopAtFirstError: true,
  // describeValidationErrors reads the object an unknown field was found in (to suggest the known
  // one) and an array's value (to name each element that is not an object); Nest's
  // ValidationPipe leaves both out unless asked.
  validationError: { target: true, value: true },
};

/**
 * One message per bad field, each starting with the field's path: "items[1].price must be a
 * number", "customer_id is not a known field: did you mean `customerId`?". Expects errors
 * validated with ORDER_VALIDATION_OPTIONS (one failed rule per field).
 */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = pathOf(parent, error.property);
    const [rule, message] = Object.entries(error.constraints ?? {})[0] ?? [];
    const own = rule === undefined ? [] : describeRule(error, path, rule, message);
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

function describeRule(error: ValidationError, path: string, rule: string, message: string): string[] {
  if (rule === 'whitelistValidation') {
    const known = knownFieldLike(error.target, error.property);
    return [`${path} is not a known field${known ? `: did you mean \`${known}\`?` : ''}`];
  }
  if (rule === EACH_IS_OBJECT && Array.isArray(error.value)) {
    return error.value.flatMap((element: unknown, index) =>
      isJsonObject(element) ? [] : [`${path}[${index}] must be an object`],
    );
  }
  // class-validator's messages start with the property's name ($property): the path replaces it.
  const subject = `${error.property} `;
  return [`${path} ${message.startsWith(subject) ? message.slice(subject.length) : message}`];
}

/** `items`, `items[1]`, `items[1].price`; the body itself when an error names no property. */
function pathOf(parent: string, property: string | undefined): string {
  if (property === undefined || property === '') return parent || 'body';
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** A field the class of `target` validates whose name differs from `name` only in case style. */
function knownFieldLike(target: object | undefined, name: string): string | undefined {
  if (target === undefined) return undefined;
  const rules = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  const folded = foldCaseStyle(name);
  return rules.map((rule) => rule.propertyName).find((known) => foldCaseStyle(known) === folded);
}

/** `customer_id`, `customer-id`, `CustomerId` and `CUSTOMERID` all fold to `customerid`. */
function foldCaseStyle(name: string): string {
  return name.replace(/[-_\s]/g, '').toLowerCase();
}
