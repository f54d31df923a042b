import type { AnyContract } from './consumes.decorator';

/** What an app declared to MessagingModule: the contracts it publishes (their topics are created at start-up). */
export class MessagingOptions {
  constructor(readonly produces: AnyContract[]) {}
}
