import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isValidObjectId, type Model } from 'mongoose';
import { isDuplicateKey, type Role } from '@event-tickets/service-kit';
import { emailKey, User } from './user.schema';

export interface UserRecord {
  id: string;
  email: string;
  role: Role;
  passwordHash: string;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  /** Inserts; returns undefined when the email is taken (the unique index decides, races included). */
  async create(email: string, passwordHash: string, role: Role): Promise<UserRecord | undefined> {
    try {
      const doc = await this.users.create({
        email: email.trim(),
        emailKey: emailKey(email),
        password: passwordHash,
        role,
      });
      return { id: doc.id as string, email: doc.email, role: doc.role, passwordHash };
    } catch (error) {
      if (isDuplicateKey(error)) return undefined;
      throw error;
    }
  }

  /**
   * By the email key; else an account the original's users service wrote (no key yet: while both
   * services run during a hand-over, until the next start's backfill) by its exact email, as it did.
   */
  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const doc =
      (await this.users
        .findOne({ emailKey: emailKey(email) })
        .lean()
        .exec()) ??
      (await this.users
        .findOne({ emailKey: { $exists: false }, email: email.trim() })
        .lean()
        .exec());
    return doc
      ? { id: String(doc._id), email: doc.email, role: doc.role, passwordHash: doc.password }
      : undefined;
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    if (!isValidObjectId(id)) return undefined;
    const doc = await this.users.findById(id).lean().exec();
    return doc
      ? { id: String(doc._id), email: doc.email, role: doc.role, passwordHash: doc.password }
      : undefined;
  }

  /** The account with its new role, or undefined when there is no such account. */
  async setRole(id: string, role: Role): Promise<UserRecord | undefined> {
    if (!isValidObjectId(id)) return undefined;
    const doc = await this.users.findByIdAndUpdate(id, { $set: { role } }, { new: true }).lean().exec();
    return doc
      ? { id: String(doc._id), email: doc.email, role: doc.role, passwordHash: doc.password }
      : undefined;
  }

  countAdmins(): Promise<number> {
    return this.users.countDocuments({ role: 'ADMIN' }).exec();
  }

  /** False when there is no such account. */
  async setPasswordHash(id: string, passwordHash: string): Promise<boolean> {
    if (!isValidObjectId(id)) return false;
    const result = await this.users.updateOne({ _id: id }, { $set: { password: passwordHash } }).exec();
    return result.matchedCount > 0;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.users.deleteOne({ _id: id }).exec();
    return result.deletedCount > 0;
  }
}
