import type { LoggerService, LogLevel } from '@nestjs/common';
import type { Logger } from 'pino';

/** Nest's Logger facade onto pino: `new Logger(Class.name).log(msg, fields?)` writes one JSON line. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }
  setLogLevels(levels: LogLevel[]) {
    if (levels.includes('debug') || levels.includes('verbose')) this.logger.level = 'debug';
  }

  private write(
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal',
    message: unknown,
    rest: unknown[],
  ) {
    // Nest passes the context (class name) last; an error's stack comes before it.
    const args = [...rest];
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    for (const arg of args) {
      if (arg instanceof Error) fields.err = arg;
      else if (typeof arg === 'string') fields.stack = arg;
      else if (arg && typeof arg === 'object') Object.assign(fields, arg);
    }
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (message && typeof message === 'object') this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}
