/** One email a store handed to this worker under a claim. */
export interface ClaimedEmail<T> {
  /** The email's id in its store (the same across attempts). */
  id: string;
  /**
   * This claim: recording checks it, so a worker whose lease ran out (and whose email another worker
   * claimed since) cannot record over the other's attempt.
   */
  token: string;
  /** Failed attempts before this one (the per-email back-off grows with it). */
  attempts: number;
  /** The stored email, as the app's `compose` reads it. */
  email: T;
}

/**
 * Where durable emails live: recorded by the app in the transaction or insert that decides them, then
 * claimed, sent and recorded by the mail worker. A claim is a lease: an email whose worker died
 * mid-send is claimable again once it has run out.
 */
export interface MailStore<T> {
  /**
   * Claims up to `limit` due emails for `leaseMs`, oldest first (fewer when others hold them); `busy`
   * names the emails this worker is sending or about to send (a store whose due emails include those
   * in flight reads past them).
   */
  claimDue(limit: number, leaseMs: number, busy: ReadonlySet<string>): Promise<ClaimedEmail<T>[]>;
  /**
   * Claims one email handed over in memory; undefined when another worker has (or had) it.
   * `sendTimeoutMs` (the longest the send that follows can last) lets a store whose email was
   * recorded already leased to this worker skip the claim's round trip while that lease covers the send.
   */
  claim(email: T, leaseMs: number, sendTimeoutMs?: number): Promise<ClaimedEmail<T> | undefined>;
  /** Records the email accepted by the SMTP server; false when the claim is no longer this one's. */
  recordSent(claimed: ClaimedEmail<T>): Promise<boolean>;
  /** Records a failed attempt and when to try again; false when the claim is no longer this one's. */
  recordFailed(claimed: ClaimedEmail<T>, error: string, retryInMs: number): Promise<boolean>;
  /** Emails recorded and not yet sent (the backlog gauge). */
  countPending(): Promise<number>;
  /** Periodic clean-up (old claims), run by the worker at most every few minutes. */
  housekeeping?(): Promise<void>;
}
