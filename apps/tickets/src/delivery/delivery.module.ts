import { Module } from '@nestjs/common';
import { MailTransport, SmtpHealthIndicator } from '@event-tickets/service-kit';
import { TicketStoreModule } from '../store/ticket-store.module';
import { TicketMailWorker } from './ticket-mail.worker';

/** The ticket emails: rendering, the QR code, and the durable send worker. */
@Module({
  imports: [TicketStoreModule],
  providers: [MailTransport, SmtpHealthIndicator, TicketMailWorker],
  exports: [TicketMailWorker],
})
export class DeliveryModule {}
