import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** How a lead came to exist: a sign-up form (POST /leads) or a purchase (CLIENT_CREATED). */
export const LEAD_ORIGINS = ['form', 'purchase'] as const;
export type LeadOrigin = (typeof LEAD_ORIGINS)[number];

/**
 * The original `leads` collection (`email`, `converted`, `language`, `createdAt`, `updatedAt`), plus
 * `emailKey` (trimmed, lower-cased, unique: `Ana@x.com` and `ana@x.com` are one lead), attribution
 * (`source`, UTM `campaign` and `medium`), `convertedAt`, `origin` and the id of the message that
 * converted the lead. Timestamps are written by the code, never by Mongoose, so that a message with no
 * effect leaves `updatedAt` alone. Indexes are created at start-up (LeadIndexes), after legacy
 * documents got their `emailKey`.
 */
@Schema({ collection: 'leads', autoIndex: false, versionKey: false })
export class Lead {
  @Prop({ required: true }) email!: string;
  @Prop({ required: true }) emailKey!: string;
  @Prop({ required: true, default: false }) converted!: boolean;
  @Prop({ required: true }) language!: string;
  @Prop() source?: string;
  @Prop() campaign?: string;
  @Prop() medium?: string;
  @Prop({ type: String, enum: LEAD_ORIGINS }) origin?: LeadOrigin;
  @Prop() convertedAt?: Date;
  /** The CLIENT_CREATED message that converted (or created) the lead: its redelivery is a no-op. */
  @Prop() conversionMessageId?: string;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) updatedAt!: Date;
}

export const LeadSchema = SchemaFactory.createForClass(Lead);
LeadSchema.index({ emailKey: 1 }, { unique: true });
LeadSchema.index({ createdAt: -1 });

export const emailKey = (email: string) => email.trim().toLowerCase();
