import { DECORATORS } from '@nestjs/swagger';
import {
  Allow,
  IsEmail,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';
import { DomainError } from './domain-error';
import { PageQuery } from './page-query';
import { Doc, RequestSchema, requestSchema, Trim } from './request-schema';
import { Rule } from './rule-schemas';
import { validateBody } from './validation.pipe';

const Even = () =>
  Rule({
    name: 'even',
    schema: { type: 'integer', minimum: 0 },
    message: 'n must be even',
    validate: (value) => typeof value === 'number' && value % 2 === 0,
  });

@RequestSchema()
class Signup {
  @Doc({ example: 'ana@example.com', description: 'who' })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsOptional()
  @IsEnum(['A', 'B'])
  role?: string;

  @IsOptional()
  @IsNumber()
  @IsInt()
  @Min(1)
  seats?: number;

  @Doc({ type: Number, description: 'lenient' })
  @Allow()
  page?: unknown;

  @Doc({ oneOf: [{ type: 'string' }, { type: 'integer' }] })
  @IsString()
  @MaxLength(8)
  id!: string;

  @Even()
  n!: number;
}

describe(requestSchema.name, () => {
  it('derives types, formats, bounds, enums and required from the rules, and keeps the docs', () => {
    expect(requestSchema(Signup)).toEqual({
      email: {
        type: 'string',
        format: 'email',
        maxLength: 254,
        example: 'ana@example.com',
        description: 'who',
        required: true,
      },
      role: { enum: ['A', 'B'], required: false },
      seats: { type: 'integer', minimum: 1, required: false },
      page: { type: Number, description: 'lenient', required: false },
      id: { maxLength: 8, oneOf: [{ type: 'string' }, { type: 'integer' }], required: true },
      n: { type: 'integer', minimum: 0, required: true },
    });
  });

  it('hands the derived schema to Swagger', () => {
    const swagger = (property: string) =>
      Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, Signup.prototype, property) as Record<
        string,
        unknown
      >;
    expect(swagger('email')).toMatchObject({
      type: 'string',
      format: 'email',
      maxLength: 254,
      required: true,
    });
    expect(swagger('role')).toMatchObject({ enum: ['A', 'B'], required: false });
  });

  it('includes what a class inherits, as a list query extends PageQuery', async () => {
    @RequestSchema()
    class ListQuery extends PageQuery {
      @IsOptional()
      @IsEnum(['true', 'false'])
      converted?: string;
    }
    expect(requestSchema(ListQuery)).toEqual({
      page: expect.objectContaining({ type: 'integer', required: false }),
      size: expect.objectContaining({ type: 'integer', required: false }),
      converted: { enum: ['true', 'false'], required: false },
    });
    const query = await validateBody(ListQuery, { page: ['2', '3'], size: 'x', other: '1' });
    expect({ ...query }).toEqual({ page: ['2', '3'], size: 'x' });
  });

  it('refuses a rule it cannot document', () => {
    expect(() => {
      @RequestSchema()
      class Undocumented {
        @IsUUID() id!: string;
      }
      return Undocumented;
    }).toThrow('the validation rule "isUuid" has no OpenAPI schema');
  });
});

describe('the validation pipe', () => {
  it('answers every failing field, joined, with the class-validator messages', async () => {
    const failure = validateBody(Signup, { email: 'nope', id: 5, n: 3, role: 'C' });
    await expect(failure).rejects.toMatchObject({
      response: {
        message: expect.arrayContaining(['email must be an email', 'n must be even', 'id must be a string']),
        errors: expect.arrayContaining([{ field: 'n', messages: ['n must be even'] }]),
      },
    });
  });

  it('trims, strips unknown fields and returns the class', async () => {
    const ok = await validateBody(Signup, { email: ' a@b.co ', id: 'x', n: 2, extra: 1 });
    expect(ok).toBeInstanceOf(Signup);
    expect(ok.email).toBe('a@b.co');
    expect(ok).not.toHaveProperty('extra');
  });

  const ORDER = ['Body is invalid', 'b is mandatory', 'a is mandatory', 'a is too long'] as const;
  const mandatory = (field: string) =>
    Rule({
      name: `${field}Mandatory`,
      schema: { minLength: 1 },
      message: `${field} is mandatory`,
      validate: (v) => typeof v === 'string' && v !== '',
    });

  @RequestSchema({ firstFailure: { code: 'INVALID_THING', order: ORDER, notAnObject: 'Body is invalid' } })
  class Thing {
    @mandatory('a')
    @MaxLength(3, { message: 'a is too long' })
    a!: string;

    @mandatory('b')
    b!: string;
  }

  @RequestSchema({
    firstFailure: {
      code: 'INVALID_THING',
      order: ORDER,
      notAnObject: 'Body is invalid',
      nullIsNotAnObject: true,
    },
  })
  class StrictThing {
    @mandatory('a') a!: string;
  }

  it('answers the first failure in the declared order, with the code, for a firstFailure class', async () => {
    const failure = (body: unknown) => validateBody(Thing, body).catch((e: unknown) => e);
    expect(await failure({})).toEqual(new DomainError('INVALID_THING', 'b is mandatory', 400));
    expect(await failure({ b: 'x', a: '' })).toMatchObject({ message: 'a is mandatory', status: 400 });
    expect(await failure({ b: 'x', a: 'long' })).toMatchObject({ message: 'a is too long' });
    expect(await failure(null)).toMatchObject({ message: 'b is mandatory' });
    for (const body of [[], 'text', 3]) {
      expect(await failure(body)).toMatchObject({ code: 'INVALID_THING', message: 'Body is invalid' });
    }
    await expect(validateBody(StrictThing, null)).rejects.toMatchObject({ message: 'Body is invalid' });
    await expect(validateBody(Thing, { a: 'abc', b: 'x' })).resolves.toEqual(
      Object.assign(new Thing(), { a: 'abc', b: 'x' }),
    );
  });
});
