import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Collection `check_ins`: one document per ticket whose fate is decided, `_id` = passport: checked in
 * at the door, or voided by a refund (`voided`, `refundId`, `voidedAt`). Inserting it is what decides
 * (the unique `_id` is the one write the Mongo-wire server keeps atomic under concurrency), so a
 * ticket is either checked in or voided, never both; the ticket's `checkedInAt` / `voidedAt` is then
 * set to the same time.
 */
@Schema({ collection: 'check_ins', versionKey: false })
export class CheckIn {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Date }) checkedInAt?: Date;
  /** The admin's or staff member's user id. */
  @Prop() by?: string;
  @Prop() voided?: boolean;
  @Prop() refundId?: string;
  @Prop({ type: Date }) voidedAt?: Date;
}
export const CheckInSchema = SchemaFactory.createForClass(CheckIn);
