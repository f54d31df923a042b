import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { ruleSchema, type RuleSchema } from './rule-schemas';

/**
 * Documentation only: what a reader needs beyond the rules. `type` and `oneOf` are for what a
 * transform accepts before the rules run (an integer id turned into a string, a query number).
 */
export interface DocOptions {
  description?: string;
  example?: unknown;
  default?: unknown;
  type?: 'string' | 'number' | 'integer' | 'boolean' | NumberConstructor | StringConstructor;
  oneOf?: { type: string }[];
}

type RequestClass = abstract new (...args: never[]) => unknown;

const DOC = 'service-kit:request-doc';
const FIRST_FAILURE = 'service-kit:first-failure';

/**
 * Describes a request property for the OpenAPI document; its type and limits come from its rules.
 * A property without any rule (not even `@Allow()`) is stripped from requests, so it is not shown.
 */
export function Doc(options: DocOptions): PropertyDecorator {
  return (prototype, property) => Reflect.defineMetadata(DOC, options, prototype, property);
}

/** For a body checked as the original services did: one message, the first failing rule's. */
export interface FirstFailure {
  /** The error code of the 400. */
  code: string;
  /** Every rule's message, the first to check first: the failure earliest here is the answer. */
  order: readonly string[];
  /** The message for a body that is not a JSON object (an array, a string, a number...). */
  notAnObject: string;
  /** Also refuse a `null` (or missing) body with `notAnObject`, instead of checking it as `{}`. */
  nullIsNotAnObject?: boolean;
}

export interface RequestSchemaOptions {
  firstFailure?: FirstFailure;
}

/** The first-failure options of a request class, when it has some. */
export function firstFailureOf(type: unknown): FirstFailure | undefined {
  return typeof type === 'function'
    ? (Reflect.getMetadata(FIRST_FAILURE, type) as FirstFailure | undefined)
    : undefined;
}

function merge(into: RuleSchema, from: RuleSchema): RuleSchema {
  // `integer` refines `number` whichever rule says it first.
  const type = into.type === 'integer' && from.type === 'number' ? 'integer' : (from.type ?? into.type);
  return { ...into, ...from, ...(type ? { type } : {}) };
}

/**
 * The OpenAPI view of a request class, read from its class-validator rules: a property with rules is
 * required unless it is `@IsOptional()` (one with none, `@Allow()`, is optional), and each rule adds
 * its type, format, bounds, enum or pattern.
 */
export function requestSchema(type: RequestClass): Record<string, ApiPropertyOptions> {
  const rules = getMetadataStorage().getTargetValidationMetadatas(type, '', false, false);
  const properties = [...new Set(rules.map((r) => r.propertyName))];
  return Object.fromEntries(
    properties.map((property) => {
      const own = rules.filter((r) => r.propertyName === property);
      const checks = own.filter((r) => r.type === ValidationTypes.CUSTOM_VALIDATION);
      const optional = own.some((r) => r.type === ValidationTypes.CONDITIONAL_VALIDATION);
      const schema = checks.reduce<RuleSchema>(
        (s, r) => merge(s, ruleSchema(r.name ?? '', r.constraints)),
        {},
      );
      const doc = (Reflect.getMetadata(DOC, type.prototype, property) as DocOptions | undefined) ?? {};
      // A documented `oneOf` replaces the single type the rules imply.
      const { type: _implied, ...bounds } = schema;
      return [
        property,
        {
          ...(doc.oneOf ? bounds : schema),
          ...doc,
          required: checks.length > 0 && !optional,
        } as ApiPropertyOptions,
      ];
    }),
  );
}

/**
 * Marks a class as a request body or query: validated by its class-validator rules and documented
 * in OpenAPI from those same rules, so the two cannot disagree. With `firstFailure`, a failure is
 * answered as one message (the first in `order`) with its code, as the original services did.
 */
export function RequestSchema(options: RequestSchemaOptions = {}): (type: RequestClass) => void {
  return (type) => {
    for (const [property, schema] of Object.entries(requestSchema(type))) {
      ApiProperty(schema)(type.prototype, property);
    }
    if (options.firstFailure) Reflect.defineMetadata(FIRST_FAILURE, options.firstFailure, type);
  };
}

/** Trims a string before the rules see it (spaces around a value do not count); other values pass. */
export const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
export const Trim = () => Transform(({ value }: { value: unknown }) => trimmed(value));
