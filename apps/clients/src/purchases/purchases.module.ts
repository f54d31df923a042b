import { Module } from '@nestjs/common';
import { ClientsApiModule } from '../clients/clients-api.module';
import { PaymentSucceededConsumer } from './payment-succeeded.consumer';
import { RecordPurchaseUseCase } from './record-purchase.use-case';

/** Successful payments → clients, CLIENT_CREATED and SEND_TICKET. */
@Module({
  imports: [ClientsApiModule],
  providers: [RecordPurchaseUseCase, PaymentSucceededConsumer],
})
export class PurchasesModule {}
