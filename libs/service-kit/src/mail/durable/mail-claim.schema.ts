import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Collection `mail_claims`: one document per claimed send attempt, `_id` =
 * `<id>:<round>:<attempts>:<leaseEpoch>` of the email. Whoever inserts it sends that attempt; every
 * other worker (another replica) gets duplicate key 11000 and skips. Old claims are deleted by the
 * worker's housekeeping.
 */
@Schema({ collection: 'mail_claims', versionKey: false })
export class MailClaim {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Date, required: true, index: true }) claimedAt!: Date;
  @Prop() worker?: string;
}
export const MailClaimSchema = SchemaFactory.createForClass(MailClaim);
