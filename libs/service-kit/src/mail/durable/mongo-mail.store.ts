import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '../../database/mongo-errors';
import type { ClaimedEmail, MailStore } from './mail-store';
import type { MailClaim } from './mail-claim.schema';

/** An email's durable state, embedded as `mail` in the document it belongs to (a ticket). */
export interface MongoMailState {
  status: 'PENDING' | 'SENT';
  /** Failed tries of the current round. */
  attempts: number;
  nextAttemptAt: Date;
  /** Requested sends: 0 = the first email, +1 per resend. */
  round: number;
  /** Moves on when a crashed worker's claim is taken over. */
  leaseEpoch: number;
  /**
   * Set while the attempt is leased to the worker that inserted the document (see `leasedAtInsert`):
   * no claim document exists for it, and `nextAttemptAt` is this same time, so no poll sees it before.
   */
  leasedUntil?: Date;
}

/** A document with an embedded email, as the store reads it (a plain object, `id` as a string). */
export interface MongoMailDocument {
  id: string;
  mail: MongoMailState;
}

/** The send a claim is for: one attempt of one round, under one lease epoch. */
export const claimId = ({ id, mail }: MongoMailDocument) =>
  `${id}:${mail.round}:${mail.attempts}:${mail.leaseEpoch}`;

const KEEP_CLAIMS_MS = 24 * 3_600_000;

/**
 * The email state of a document inserted with its first attempt already leased to the inserting
 * worker for `leaseMs`: that worker sends it from memory without a claim round trip (see `claim`);
 * if it does not (crashed, stopped, too busy), the polls take it over once the lease has run out.
 */
export function leasedAtInsert(now: Date, leaseMs: number): MongoMailState {
  const until = new Date(now.getTime() + leaseMs);
  return {
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: until,
    round: 0,
    leaseEpoch: 0,
    leasedUntil: until,
  };
}

/**
 * Emails embedded in MongoDB documents (`mail.*`, with a top-level `mailPending` flag the server can
 * filter on cheaply). Who sends an attempt is decided by inserting its `mail_claims` document: the
 * Mongo-wire server's conditional updates are not atomic under concurrent writers, a unique insert is.
 * The claim id is the token: the records that follow match the attempt's round, attempts and lease
 * epoch, so a worker whose lease was taken over (the epoch moved on) records nothing. A claim older
 * than the lease is taken over by moving the epoch (a value every taker writes alike).
 *
 * A document inserted `leasedAtInsert` is its own claim: its inserting worker holds the attempt until
 * `mail.leasedUntil` (it is not due before then), sends it without writing a claim when the send is
 * sure to end well before that, renews the lease once if it is late, and otherwise leaves it. Whoever
 * finds it due afterwards moves it to the next epoch first, as for a stalled claim, so the inserting
 * worker can no longer record over the attempt taken over.
 */
export class MongoMailStore<S, D extends MongoMailDocument> implements MailStore<D> {
  private readonly logger = new Logger(MongoMailStore.name);
  private readonly worker = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly documents: Model<S>,
    private readonly claims: Model<MailClaim>,
    private readonly toDocument: (stored: S & { _id: unknown }) => D,
  ) {}

  /**
   * The due emails in flight stay PENDING and due until recorded (a claim does not move them), so it
   * reads past this worker's own and past a few held by other workers, and claims in order until
   * `limit` are won.
   */
  async claimDue(limit: number, leaseMs: number, busy: ReadonlySet<string>) {
    const docs = await this.documents
      .find({ mailPending: true, 'mail.status': 'PENDING', 'mail.nextAttemptAt': { $lte: new Date() } })
      .sort({ 'mail.nextAttemptAt': 1 })
      .limit(busy.size + 2 * limit)
      .lean()
      .exec();
    const claimed: ClaimedEmail<D>[] = [];
    for (const doc of docs as (S & { _id: unknown })[]) {
      const email = this.toDocument(doc);
      if (busy.has(email.id)) continue;
      const won = await this.claim(email, leaseMs);
      if (won) claimed.push(won);
      if (claimed.length === limit) break;
    }
    return claimed;
  }

  async claim(email: D, leaseMs: number, sendTimeoutMs?: number): Promise<ClaimedEmail<D> | undefined> {
    if (email.mail.leasedUntil) return this.claimLeasedAtInsert(email, leaseMs, sendTimeoutMs);
    const token = claimId(email);
    const now = new Date();
    try {
      await this.claims.create({ _id: token, claimedAt: now, worker: this.worker });
      return { id: email.id, token, attempts: email.mail.attempts, email };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    await this.takeOverIfStalled(email, token, now, leaseMs);
    return undefined;
  }

  async recordSent({ email }: ClaimedEmail<D>): Promise<boolean> {
    const result = await this.documents
      .updateOne(this.sameAttempt(email), {
        $set: { mailPending: false, 'mail.status': 'SENT', 'mail.sentAt': new Date() },
        $unset: { 'mail.lastError': '', 'mail.leasedUntil': '' },
      })
      .exec();
    return result.matchedCount === 1;
  }

  async recordFailed({ email }: ClaimedEmail<D>, error: string, retryInMs: number): Promise<boolean> {
    const result = await this.documents
      .updateOne(this.sameAttempt(email), {
        $set: {
          'mail.attempts': email.mail.attempts + 1,
          'mail.lastError': error,
          'mail.nextAttemptAt': new Date(Date.now() + retryInMs),
        },
        $unset: { 'mail.leasedUntil': '' },
      })
      .exec();
    return result.matchedCount === 1;
  }

  countPending(): Promise<number> {
    return this.documents.countDocuments({ mailPending: true, 'mail.status': 'PENDING' }).exec();
  }

  /** Claims of attempts long finished (nothing reads a snapshot that old). */
  async housekeeping(): Promise<void> {
    await this.claims.deleteMany({ claimedAt: { $lt: new Date(Date.now() - KEEP_CLAIMS_MS) } }).exec();
  }

  /**
   * The attempt of a document inserted leased to its inserting worker. That worker (it alone passes
   * `sendTimeoutMs`, handing over the email it inserted) sends under the insert's lease when the send
   * ends at least half the lease's spare time (lease minus send timeout) before the lease does: that
   * half is the room left for clock skew between replicas, since the others judge the lease by their
   * own clocks. Late but still inside that room, it renews the lease once (one update instead of a
   * claim). Anyone else, once the lease has run out, moves the attempt to the next epoch and claims
   * that as usual; the inserting worker's record then matches nothing.
   */
  private async claimLeasedAtInsert(
    email: D,
    leaseMs: number,
    sendTimeoutMs: number | undefined,
  ): Promise<ClaimedEmail<D> | undefined> {
    const until = email.mail.leasedUntil!.getTime();
    const now = Date.now();
    if (sendTimeoutMs !== undefined) {
      const skewRoom = (leaseMs - sendTimeoutMs) / 2;
      if (now + sendTimeoutMs + skewRoom <= until)
        return { id: email.id, token: claimId(email), attempts: email.mail.attempts, email };
      if (now + skewRoom < until) {
        const renewed = new Date(now + leaseMs);
        const result = await this.documents
          .updateOne(
            { ...this.sameAttempt(email), 'mail.leasedUntil': email.mail.leasedUntil },
            { $set: { 'mail.leasedUntil': renewed, 'mail.nextAttemptAt': renewed } },
          )
          .exec();
        if (result.matchedCount !== 1) return undefined;
        const held = { ...email, mail: { ...email.mail, leasedUntil: renewed } };
        return { id: email.id, token: claimId(held), attempts: email.mail.attempts, email: held };
      }
    }
    if (now < until) return undefined; // still the inserting worker's
    const result = await this.documents
      .updateOne(this.sameAttempt(email), {
        $set: { 'mail.leaseEpoch': email.mail.leaseEpoch + 1 },
        $unset: { 'mail.leasedUntil': '' },
      })
      .exec();
    if (result.matchedCount !== 1) return undefined;
    const { leasedUntil: _, ...mail } = email.mail;
    return this.claim({ ...email, mail: { ...mail, leaseEpoch: email.mail.leaseEpoch + 1 } }, leaseMs);
  }

  /** A claimer died mid-send: the next lease epoch makes the attempt claimable again. */
  private async takeOverIfStalled(email: D, token: string, now: Date, leaseMs: number): Promise<void> {
    const claim = await this.claims.findById(token).lean().exec();
    if (!claim || now.getTime() - claim.claimedAt.getTime() < leaseMs) return;
    this.logger.warn({ emailId: email.id, claimedAt: claim.claimedAt }, 'taking over a stalled email');
    await this.documents
      .updateOne(this.sameAttempt(email), { $set: { 'mail.leaseEpoch': email.mail.leaseEpoch + 1 } })
      .exec();
  }

  private sameAttempt({ id, mail }: D) {
    return {
      _id: id,
      'mail.status': 'PENDING',
      'mail.round': mail.round,
      'mail.attempts': mail.attempts,
      'mail.leaseEpoch': mail.leaseEpoch,
    };
  }
}
