export { PaymentCreatedV1 } from './payment-created.message';
export { TransactionCreatedV1 } from './transaction-created.message';
export { TransactionSucceededV1 } from './transaction-succeeded.message';
export { TransactionFailedV1 } from './transaction-failed.message';
export { PaymentSucceededV1 } from './payment-succeeded.message';
export { PaymentFailedV1 } from './payment-failed.message';
export { PaymentRefundedV1 } from './payment-refunded.message';
