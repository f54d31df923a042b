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
    // Nest appends the logger's context (the class name) as the last argument.
    const args = [...rest];
    const context =
      args.length && typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    let text: string | undefined;
    for (const arg of args) {
      if (arg instanceof Error) fields.err = arg;
      else if (typeof arg === 'string') {
        if (/\n\s+at /.test(arg)) fields.stack = arg;
        else text = text ? `${text} ${arg}` : arg;
      } else if (arg && typeof arg === 'object') Object.assign(fields, arg);
    }
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, text ?? message.message);
    else if (message && typeof message === 'object') this.logger[level]({ ...fields, ...message }, text);
    else this.logger[level](fields, text ? `${String(message)} ${text}` : String(message));
  }
}
