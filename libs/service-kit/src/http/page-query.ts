import { Allow } from 'class-validator';
import { DEFAULT_PAGE, DEFAULT_SIZE, MAX_SIZE } from './pagination';
import { Doc, RequestSchema } from './request-schema';

/**
 * `?page=&size=` of every paginated list, documented once. Never a 400: `pageRequest` reads them as
 * the original did (a bad value is the default). A list's own query class extends this one.
 */
@RequestSchema()
export class PageQuery {
  @Doc({ type: 'integer', description: `default ${DEFAULT_PAGE} (≤ 0 or not a number → ${DEFAULT_PAGE})` })
  @Allow()
  page?: unknown;

  @Doc({
    type: 'integer',
    description: `default ${DEFAULT_SIZE}, at most ${MAX_SIZE} (≤ 0 or not a number → ${DEFAULT_SIZE})`,
  })
  @Allow()
  size?: unknown;
}
