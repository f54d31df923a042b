import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LeadView } from './lead.view';

export class LeadResponse implements LeadView {
  @ApiProperty({ example: '6740b4f2c7d2a1e5f0a1b2c3' }) id!: string;
  @ApiProperty({ example: 'ana@example.com' }) email!: string;
  @ApiProperty() converted!: boolean;
  @ApiProperty({ example: 'pt' }) language!: string;
  @ApiPropertyOptional({ example: 'instagram' }) source?: string;
  @ApiPropertyOptional({ example: 'summer-festival' }) campaign?: string;
  @ApiPropertyOptional({ example: 'social' }) medium?: string;
  @ApiPropertyOptional({ description: 'when the lead became converted' }) convertedAt?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'changes when the lead does (conversion)' }) updatedAt!: string;
}

class Rates {
  @ApiProperty({ example: 12 }) total!: number;
  @ApiProperty({ example: 3 }) converted!: number;
  @ApiProperty({ example: 0.25, description: 'converted / total, 4 decimals; 0 without leads' })
  conversionRate!: number;
  @ApiPropertyOptional({ description: 'the sum of every value past the 100 largest' }) other?: boolean;
}

class OriginRates extends Rates {
  @ApiProperty({ nullable: true, example: 'form', description: 'form, purchase (null: older leads)' })
  origin!: string | null;
}
class LanguageRates extends Rates {
  @ApiProperty({ nullable: true, example: 'pt' }) language!: string | null;
}
class SourceRates extends Rates {
  @ApiProperty({ nullable: true, example: 'instagram', description: 'null: leads without one' }) source!:
    string | null;
}
class CampaignRates extends Rates {
  @ApiProperty({ nullable: true, example: 'summer-festival' }) campaign!: string | null;
}
class MediumRates extends Rates {
  @ApiProperty({ nullable: true, example: 'social' }) medium!: string | null;
}

export class LeadStatsResponse {
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty({ nullable: true, type: String }) to!: string | null;
  @ApiProperty({ example: 12 }) total!: number;
  @ApiProperty({ example: 3 }) converted!: number;
  @ApiProperty({ example: 0.25 }) conversionRate!: number;
  @ApiProperty({ type: [OriginRates] }) byOrigin!: OriginRates[];
  @ApiProperty({ type: [LanguageRates] }) byLanguage!: LanguageRates[];
  @ApiProperty({ type: [SourceRates] }) bySource!: SourceRates[];
  @ApiProperty({ type: [CampaignRates] }) byCampaign!: CampaignRates[];
  @ApiProperty({ type: [MediumRates] }) byMedium!: MediumRates[];
}
