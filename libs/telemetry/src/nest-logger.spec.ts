import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoNestLogger } from './nest-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: new PinoNestLogger(pino({ messageKey: 'msg' }, stream)) };
}

describe(PinoNestLogger.name, () => {
  it('writes fields plus a message, with the context', () => {
    const { lines, logger } = capture();
    logger.log({ port: 3000 }, 'users listening', 'Bootstrap');
    expect(lines[0]).toMatchObject({ port: 3000, msg: 'users listening', context: 'Bootstrap' });
  });
  it('keeps a plain message and its context', () => {
    const { lines, logger } = capture();
    logger.warn('careful', 'Relay');
    expect(lines[0]).toMatchObject({ msg: 'careful', context: 'Relay', level: 40 });
  });
  it('separates a stack trace from the message', () => {
    const { lines, logger } = capture();
    logger.error('failed', 'Error: boom\n    at x (y.ts:1:1)', 'Filter');
    expect(lines[0]).toMatchObject({
      msg: 'failed',
      stack: expect.stringContaining('boom'),
      context: 'Filter',
    });
  });
});
