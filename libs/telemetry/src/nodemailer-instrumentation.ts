import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
  isWrapped,
} from '@opentelemetry/instrumentation';

type Callback = (error: Error | null, info?: unknown) => void;
type SendMail = (this: Mailer, mail: { messageId?: string }, callback?: Callback | null) => unknown;
interface Mailer {
  transporter?: { name?: string; options?: { host?: string; port?: number } };
}
interface MailerClass {
  prototype: { sendMail: SendMail };
}

const VERSIONS = ['>=6 <9'];

/**
 * There is no official nodemailer instrumentation: this one wraps `Mail.prototype.sendMail`, so
 * every SMTP send — the kit's MailTransport and any app's own transport — is an `smtp.send`
 * CLIENT span, a child of the active context (a worker can set it from stored trace headers).
 */
export class NodemailerInstrumentation extends InstrumentationBase {
  constructor() {
    super('event-tickets-nodemailer', '1.0.0', {});
  }

  protected init() {
    const patch = (Mail: MailerClass) => {
      if (isWrapped(Mail.prototype.sendMail)) this._unwrap(Mail.prototype, 'sendMail');
      this._wrap(Mail.prototype, 'sendMail', (original) => this.traced(original as SendMail));
      return Mail;
    };
    const unpatch = (Mail?: MailerClass) => {
      if (Mail && isWrapped(Mail.prototype.sendMail)) this._unwrap(Mail.prototype, 'sendMail');
    };
    return new InstrumentationNodeModuleDefinition('nodemailer', VERSIONS, undefined, undefined, [
      new InstrumentationNodeModuleFile('nodemailer/lib/mailer/index.js', VERSIONS, patch, unpatch),
    ]);
  }

  private traced(original: SendMail): SendMail {
    const tracer = () => this.tracer;
    return function sendMail(this: Mailer, mail, callback) {
      const options = this.transporter?.options ?? {};
      const span = tracer().startSpan('smtp.send', {
        kind: SpanKind.CLIENT,
        attributes: {
          'server.address': options.host,
          'server.port': options.port,
          'email.transport': this.transporter?.name,
          ...(mail?.messageId ? { 'email.message.id': mail.messageId } : {}),
        },
      });
      const end = (error?: unknown) => {
        if (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
        }
        span.end();
      };
      return context.with(trace.setSpan(context.active(), span), () => {
        if (callback) {
          return original.call(this, mail, (error, info) => {
            end(error);
            callback(error, info);
          });
        }
        const result = original.call(this, mail) as Promise<unknown>;
        return result.then(
          (info) => {
            end();
            return info;
          },
          (error: unknown) => {
            end(error);
            throw error;
          },
        );
      });
    };
  }
}
