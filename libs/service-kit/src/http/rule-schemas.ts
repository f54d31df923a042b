import { ValidateBy, type ValidationArguments } from 'class-validator';

/** What one validation rule tells the OpenAPI schema about the property it checks. */
export interface RuleSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean';
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** With `minimum`: the bound itself is refused (OpenAPI 3.0's boolean form). */
  exclusiveMinimum?: boolean;
  enum?: unknown[];
  pattern?: string;
}

const values = (entity: object) => Object.values(entity) as unknown[];

/** class-validator's own rules, by their metadata name, and what each one documents. */
const BUILT_IN: Record<string, (constraints: unknown[]) => RuleSchema> = {
  isString: () => ({ type: 'string' }),
  isNumber: () => ({ type: 'number' }),
  isInt: () => ({ type: 'integer' }),
  isBoolean: () => ({ type: 'boolean' }),
  isEmail: () => ({ type: 'string', format: 'email' }),
  // An empty string is refused; other types are left to the type rule.
  isNotEmpty: () => ({}),
  minLength: ([min]) => ({ minLength: min as number }),
  maxLength: ([max]) => ({ maxLength: max as number }),
  min: ([min]) => ({ minimum: min as number }),
  max: ([max]) => ({ maximum: max as number }),
  isIn: ([allowed]) => ({ enum: [...(allowed as unknown[])] }),
  isEnum: ([entity]) => ({ enum: values(entity as object) }),
  matches: ([pattern]) => ({ pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
};

/** Marks the constraint of a rule made with `Rule`, so its schema travels with its metadata. */
const SCHEMA = Symbol('rule schema');
interface Carried {
  [SCHEMA]: RuleSchema;
}
const carried = (c: unknown): c is Carried => typeof c === 'object' && c !== null && SCHEMA in c;

/**
 * The schema of one class-validator rule. A rule with no known schema is an error at start-up (not
 * a silently vaguer document): give it one by writing it with `Rule`.
 */
export function ruleSchema(name: string, constraints: unknown[] = []): RuleSchema {
  const own = constraints[0];
  if (carried(own)) return own[SCHEMA];
  const known = BUILT_IN[name];
  if (!known) throw new Error(`the validation rule "${name}" has no OpenAPI schema: write it with Rule()`);
  return known(constraints);
}

export interface RuleDefinition {
  /** A name for the rule, as class-validator reports it (the key of the failed constraint). */
  name: string;
  /** What the OpenAPI document says of a property the rule accepts. */
  schema: RuleSchema;
  /** The message when it fails. */
  message: string;
  /** True when the value passes; `object` is the whole (transformed) request. */
  validate(value: unknown, object: object): boolean;
}

/**
 * A custom validation rule that documents itself: the validator runs `validate`, and the OpenAPI
 * document shows `schema`, from this one definition.
 */
export function Rule(rule: RuleDefinition): PropertyDecorator {
  const constraint: Carried = { [SCHEMA]: rule.schema };
  return ValidateBy(
    {
      name: rule.name,
      constraints: [constraint],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => rule.validate(value, args?.object ?? {}),
        defaultMessage: () => rule.message,
      },
    },
    { message: rule.message },
  );
}
