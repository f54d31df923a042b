import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Collection `check_ins`: one document per checked-in ticket, `_id` = passport. Inserting it is what
 * decides the check-in (the unique `_id` is the one write the Mongo-wire server keeps atomic under
 * concurrency); the ticket's `checkedInAt` is then set to the same time.
 */
@Schema({ collection: 'check_ins', versionKey: false })
export class CheckIn {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Date, required: true }) checkedInAt!: Date;
  /** The admin's user id. */
  @Prop() by?: string;
}
export const CheckInSchema = SchemaFactory.createForClass(CheckIn);
