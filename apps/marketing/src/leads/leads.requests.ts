import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  Allow,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { LANGUAGE_TAG } from './lead-language';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Trimmed; an empty or null attribution field is no attribution. */
const optionalText = ({ value }: { value: unknown }) =>
  value === null ? undefined : typeof value === 'string' ? value.trim() || undefined : value;

/** The original DTO (email, language, converted: all required), plus optional attribution. */
export class CreateLeadRequest {
  @ApiProperty({ example: 'ana@example.com', maxLength: 254 })
  @Transform(trim)
  @IsEmail()
  @IsNotEmpty()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'pt', description: 'a language tag; stored as its primary code (pt-BR → pt)' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(35)
  @Matches(LANGUAGE_TAG, { message: 'language must be a language code like pt, en or pt-BR' })
  language!: string;

  @ApiProperty({ example: false, description: 'required, as in the original' })
  @IsBoolean()
  @IsNotEmpty()
  converted!: boolean;

  @ApiPropertyOptional({ example: 'instagram', maxLength: 100, description: 'where the lead came from' })
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  source?: string;

  @ApiPropertyOptional({ example: 'summer-festival', maxLength: 100, description: 'UTM campaign' })
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  campaign?: string;

  @ApiPropertyOptional({ example: 'social', maxLength: 100, description: 'UTM medium' })
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  medium?: string;
}

export class ListLeadsParams {
  @ApiPropertyOptional({ type: Number, description: 'default 1 (≤ 0 or not a number → 1)' })
  @Allow()
  page?: unknown;

  @ApiPropertyOptional({ type: Number, description: 'default 10, at most 100 (≤ 0 or not a number → 10)' })
  @Allow()
  size?: unknown;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only converted (or unconverted) leads' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'converted must be true or false' })
  converted?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'only leads with this source' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  source?: string;

  @ApiPropertyOptional({ description: 'only leads with this campaign' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  campaign?: string;
}

export class LeadStatsParams {
  @ApiPropertyOptional({
    example: '2024-05-01',
    description: 'leads created from (inclusive): a date or a date-time with offset',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  from?: string;

  @ApiPropertyOptional({
    example: '2024-05-31',
    description: 'until (inclusive; a date covers the whole UTC day)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;
}
