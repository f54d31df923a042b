import { Module } from '@nestjs/common';
import { MailTransport } from '@event-tickets/service-kit';
import { PaymentMailWorker } from './payment-mail.worker';
import { PaymentEmailsRepository } from './payment-emails.repository';

/** Durable payment emails: recorded with the status change, sent by the worker. */
@Module({
  providers: [MailTransport, PaymentMailWorker, PaymentEmailsRepository],
  exports: [PaymentEmailsRepository, PaymentMailWorker],
})
export class EmailsModule {}
