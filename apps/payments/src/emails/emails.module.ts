import { Module } from '@nestjs/common';
import { MailTransport } from '@event-tickets/service-kit';
import { MailWorker } from './mail-worker';
import { PaymentEmailsRepository } from './payment-emails.repository';

/** Durable payment emails: recorded with the status change, sent by the worker. */
@Module({
  providers: [MailTransport, MailWorker, PaymentEmailsRepository],
  exports: [PaymentEmailsRepository, MailWorker],
})
export class EmailsModule {}
