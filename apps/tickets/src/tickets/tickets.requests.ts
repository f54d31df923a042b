import { IsOptional, Matches } from 'class-validator';
import { Doc, RequestSchema, Trim } from '@event-tickets/service-kit';

/** `GET /tickets?email=&page=&size=`: one buyer's tickets. */
@RequestSchema()
export class ListTicketsRequest {
  @Doc({
    example: 'ana@example.com',
    description: "the buyer's email (yours, unless you are an admin)",
  })
  @Trim()
  @Matches(/\S/, { message: 'email is required' })
  email!: string;

  @Doc({ type: Number, description: 'default 1 (≤ 0 or not a number → 1)' })
  @IsOptional()
  page?: unknown;

  @Doc({ type: Number, description: 'default 10, at most 100' })
  @IsOptional()
  size?: unknown;
}
