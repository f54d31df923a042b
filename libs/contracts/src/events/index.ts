export { EventCancelledV1 } from './event-cancelled.message';
