import { z } from 'zod';
import { defineMessage } from '../define-message';
import { required } from '../fields';

/**
 * events → payments: an admin cancelled the event (EVENT_CANCELLED_TOPIC, new). Sales stopped when
 * it was written; payments refunds every paid order of the event, and any payment of it that succeeds
 * later. Keyed by the event id: a redelivery changes nothing.
 */
export const EventCancelledV1 = defineMessage({
  type: 'events.event-cancelled',
  version: 1,
  topic: 'EVENT_CANCELLED_TOPIC',
  payload: z.object({
    event_id: required('event_id'),
    event_name: z.string().default(''),
    cancelled_at: z.string().min(1),
    reason: z.string().default(''),
  }),
});
