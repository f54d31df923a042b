import { smtpRejected } from './smtp-rejected';

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
