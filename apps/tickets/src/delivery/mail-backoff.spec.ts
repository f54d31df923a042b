import { mailRetryDelay, smtpRejected } from './mail-backoff';

describe('ticket email retry backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => mailRetryDelay(a, 1000, 30_000))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it('stays finite for huge attempt counts', () => {
    expect(mailRetryDelay(10_000, 1000, 30_000)).toBe(30_000);
  });
});

describe('SMTP rejection', () => {
  it('is a 5xx answer; outages and 4xx are not', () => {
    expect(smtpRejected(Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 }))).toBe(
      true,
    );
    expect(smtpRejected(Object.assign(new Error('451 try later'), { responseCode: 451 }))).toBe(false);
    expect(smtpRejected(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }))).toBe(
      false,
    );
    expect(smtpRejected(new Error('Reached maximum number of retries after connection was closed'))).toBe(
      false,
    );
  });
});
