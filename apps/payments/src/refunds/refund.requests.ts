import { ApiProperty } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Doc, RequestSchema, Rule } from '@event-tickets/service-kit';
import { PAYMENT_STATUSES } from '../common/payment-status';
import { REFUND_STATUSES } from './refund';

export const MAX_PASSPORTS = 1000;
// tickets takes passports of at most 64 characters (a longer one would be answered 400, off-contract).
const PASSPORT_MAX_LENGTH = 64;

const isPassportList = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.length >= 1 &&
  value.length <= MAX_PASSPORTS &&
  value.every((p) => typeof p === 'string' && p.length >= 1 && p.length <= PASSPORT_MAX_LENGTH) &&
  new Set(value).size === value.length;

@RequestSchema()
export class CreateRefundRequest {
  @Doc({
    example: ['3f1c9a2e-7b6d-4c55-9e8a-1d2f3a4b5c6d'],
    description:
      'The tickets (passports) of the order to refund, each 1 to 64 characters; absent = every ticket ' +
      'of the order not checked in.',
  })
  // The kit documents scalar rules only: the array's own shape is stated here, checked by the rule.
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_PASSPORTS,
    uniqueItems: true,
  })
  @IsOptional()
  @Rule({
    name: 'passportList',
    schema: {},
    message: `passports must be 1 to ${MAX_PASSPORTS} different non-empty strings (at most ${PASSPORT_MAX_LENGTH} characters each)`,
    validate: isPassportList,
  })
  passports?: string[];
}

export class RefundResponse {
  @ApiProperty({ example: '9a0e3b1c-2d4f-4a6b-8c7d-1e2f3a4b5c6d' }) refund_id!: string;
  @ApiProperty({ example: '0b7f1c4e-4a4c-4d8e-9a77-2f1f0e3b6c11' }) payment_id!: string;
  @ApiProperty({
    enum: ['COMPLETED', 'REQUESTED'],
    description: 'REQUESTED (202): tickets could not be reached; the refund is finished in the background',
  })
  status!: 'COMPLETED' | 'REQUESTED';
  @ApiProperty({ example: 1, description: 'tickets refunded' }) quantity!: number;
  @ApiProperty({ example: 150.5, description: 'money given back' }) amount!: number;
  @ApiProperty({ type: [String], description: 'the passports voided' }) passports!: string[];
  @ApiProperty({ enum: PAYMENT_STATUSES, description: 'the order after this refund' })
  payment_status!: string;
}

export class RefundListItem {
  @ApiProperty() refund_id!: string;
  @ApiProperty({ enum: ['buyer', 'admin', 'event_cancelled', 'no_seat'] }) reason!: string;
  @ApiProperty({ enum: REFUND_STATUSES }) status!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() amount!: number;
  @ApiProperty({ type: [String] }) passports!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'why tickets refused it (REJECTED)' })
  rejected_code!: string | null;
  @ApiProperty() created_at!: string;
  @ApiProperty() updated_at!: string;
}

export class RefundListResponse {
  @ApiProperty() payment_id!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) payment_status!: string;
  @ApiProperty() refunded_quantity!: number;
  @ApiProperty() refunded_amount!: number;
  @ApiProperty({ type: [RefundListItem] }) refunds!: RefundListItem[];
}
