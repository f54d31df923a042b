import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { Doc, PageQuery, RequestSchema, Trim } from '@event-tickets/service-kit';
import { LANGUAGE_TAG } from './lead-language';

/** Trimmed; an empty or null attribution field is no attribution. */
const optionalText = ({ value }: { value: unknown }) =>
  value === null ? undefined : typeof value === 'string' ? value.trim() || undefined : value;

/** The original DTO (email, language, converted: all required), plus optional attribution. */
@RequestSchema()
export class CreateLeadRequest {
  @Doc({ example: 'ana@example.com' })
  @Trim()
  @IsEmail()
  @IsNotEmpty()
  @MaxLength(254)
  email!: string;

  @Doc({ example: 'pt', description: 'a language tag; stored as its primary code (pt-BR → pt)' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(35)
  @Matches(LANGUAGE_TAG, { message: 'language must be a language code like pt, en or pt-BR' })
  language!: string;

  @Doc({ example: false, description: 'required, as in the original; true only with an ADMIN token' })
  @IsBoolean()
  @IsNotEmpty()
  converted!: boolean;

  @Doc({ example: 'instagram', description: 'where the lead came from' })
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  source?: string;

  @Doc({ example: 'summer-festival', description: 'UTM campaign' })
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  campaign?: string;

  @Doc({ example: 'social', description: 'UTM medium' })
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  medium?: string;
}

@RequestSchema()
export class ListLeadsParams extends PageQuery {
  @Doc({ description: 'only converted (or unconverted) leads' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'converted must be true or false' })
  converted?: 'true' | 'false';

  @Doc({ description: 'only leads with this source' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  source?: string;

  @Doc({ description: 'only leads with this campaign' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  campaign?: string;
}

@RequestSchema()
export class LeadStatsParams {
  @Doc({
    example: '2024-05-01',
    description: 'leads created from (inclusive): a date or a date-time with offset',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  from?: string;

  @Doc({
    example: '2024-05-31',
    description: 'until (inclusive; a date covers the whole UTC day)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;
}
