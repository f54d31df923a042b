import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Doc, RequestSchema } from '@event-tickets/service-kit';

@RequestSchema()
export class CancelEventRequest {
  @Doc({ example: 'the venue is closed', description: 'Optional: told to payments (and so to buyers)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
