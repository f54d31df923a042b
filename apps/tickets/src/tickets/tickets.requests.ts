import { Matches } from 'class-validator';
import { Doc, PageQuery, RequestSchema, Trim } from '@event-tickets/service-kit';

/** `GET /tickets?email=&page=&size=`: one buyer's tickets. */
@RequestSchema()
export class ListTicketsRequest extends PageQuery {
  @Doc({
    example: 'ana@example.com',
    description: "the buyer's email (yours, unless you are an admin)",
  })
  @Trim()
  @Matches(/\S/, { message: 'email is required' })
  email!: string;
}
