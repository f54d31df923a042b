import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { ROLES, type Role } from '@event-tickets/service-kit';

/**
 * The original `users` collection (`email`, `password`, `role`), plus `emailKey`: the trimmed,
 * lower-cased email whose unique index makes `Ana@x.com` and `ana@x.com` one account, and decides
 * registration races. Indexes are created at start-up (UserIndexes), after the original's accounts
 * got their `emailKey`: built earlier, the unique index would meet several accounts without one.
 */
@Schema({ collection: 'users', timestamps: true, autoIndex: false })
export class User {
  @Prop({ required: true }) email!: string;
  @Prop({ required: true, unique: true }) emailKey!: string;
  /** bcrypt hash; never returned, never logged. */
  @Prop({ required: true }) password!: string;
  @Prop({ type: String, required: true, enum: ROLES }) role!: Role;
}

export const UserSchema = SchemaFactory.createForClass(User);

export const emailKey = (email: string) => email.trim().toLowerCase();
