import { Module } from '@nestjs/common';
import { Events } from '@event-tickets/contracts';
import {
  AddOutboxParking1732400000020,
  CreateMessagingTables1732400000000,
  MessagingModule,
  PostgresHealthIndicator,
  postgresModule,
} from '@event-tickets/service-kit';
import { CatalogueModule } from './catalogue/catalogue.module';
import { HealthcheckController } from './healthcheck.controller';
import { HoldsModule } from './holds/holds.module';
import { CreateEvents1732500000000 } from './migrations/1732500000000-create-events';
import { AddEventCapacity1732500000001 } from './migrations/1732500000001-add-event-capacity';
import { CreateSeatHolds1732500000002 } from './migrations/1732500000002-create-seat-holds';
import { CountEvents1732500000003 } from './migrations/1732500000003-count-events';
import { AddTicketTypes1732500000004 } from './migrations/1732500000004-add-ticket-types';
import { EventDateWithZone1732500000005 } from './migrations/1732500000005-event-date-with-zone';
import { FreeDefaultTicketTypes1732500000006 } from './migrations/1732500000006-free-default-ticket-types';
import { MirrorDefaultTypePrice1732500000007 } from './migrations/1732500000007-mirror-default-type-price';

/** Schema changes only by these migrations (run at start-up), never `synchronize`. */
export const EVENTS_MIGRATIONS = [
  CreateMessagingTables1732400000000,
  AddOutboxParking1732400000020,
  CreateEvents1732500000000,
  AddEventCapacity1732500000001,
  CreateSeatHolds1732500000002,
  CountEvents1732500000003,
  AddTicketTypes1732500000004,
  EventDateWithZone1732500000005,
  FreeDefaultTicketTypes1732500000006,
  MirrorDefaultTypePrice1732500000007,
];

@Module({
  imports: [
    postgresModule({ migrations: EVENTS_MIGRATIONS }),
    MessagingModule.forPostgres({ produces: [Events.EventCancelledV1] }),
    CatalogueModule,
    HoldsModule,
  ],
  controllers: [HealthcheckController],
  providers: [PostgresHealthIndicator],
})
export class EventsModule {}
