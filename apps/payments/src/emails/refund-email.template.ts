import { html, type MailLanguage, mailLanguage } from '@event-tickets/service-kit';
import type { RefundReason } from '@event-tickets/contracts';
import type { RenderedEmail } from './payment-email.template';

/** The emails a refund sends: REFUNDED (asked for, or no seat was left) or CANCELLED (the event was). */
export type RefundEmailKind = 'REFUNDED' | 'CANCELLED';

export const refundEmailKind = (reason: RefundReason): RefundEmailKind =>
  reason === 'event_cancelled' ? 'CANCELLED' : 'REFUNDED';

interface Copy {
  subject: string;
  hello: string;
  sentence: (amount: string, tickets: number) => string;
}

type Variant = 'refunded' | 'cancelled' | 'no_seat';

const COPY: Record<Variant, Record<MailLanguage, Copy>> = {
  refunded: {
    en: {
      subject: 'Refund Processed',
      hello: 'Hello',
      sentence: (amount, n) => `Your refund of ${amount} for ${n} ticket(s) has been processed.`,
    },
    pt: {
      subject: 'Reembolso Processado',
      hello: 'Olá',
      sentence: (amount, n) => `Seu reembolso de ${amount} referente a ${n} ingresso(s) foi processado.`,
    },
  },
  cancelled: {
    en: {
      subject: 'Event Cancelled - Refund Processed',
      hello: 'Hello',
      sentence: (amount) => `The event was cancelled. You have been refunded ${amount}.`,
    },
    pt: {
      subject: 'Evento Cancelado - Reembolso Processado',
      hello: 'Olá',
      sentence: (amount) => `O evento foi cancelado. Você foi reembolsado em ${amount}.`,
    },
  },
  no_seat: {
    en: {
      subject: 'Payment Refunded',
      hello: 'Hello',
      sentence: (amount) =>
        `Your payment arrived after your reservation expired and no seat was left. You have been refunded ${amount}.`,
    },
    pt: {
      subject: 'Pagamento Reembolsado',
      hello: 'Olá',
      sentence: (amount) =>
        `Seu pagamento chegou depois que sua reserva expirou e não havia mais lugares. Você foi reembolsado em ${amount}.`,
    },
  },
};

const variantOf = (reason: RefundReason): Variant =>
  reason === 'event_cancelled' ? 'cancelled' : reason === 'no_seat' ? 'no_seat' : 'refunded';

/** A refund's email in the buyer's language (as the approval/rejection: pt → Portuguese, else English). */
export function renderRefundEmail(
  reason: RefundReason,
  buyer: { name: string; language: string },
  refund: { amount: number; currency: string; quantity: number },
): RenderedEmail {
  const language = mailLanguage(buyer.language);
  const copy = COPY[variantOf(reason)][language];
  const name = buyer.name.trim();
  const greeting = name ? `${copy.hello} ${name}.` : `${copy.hello}.`;
  const amount = `${refund.amount.toFixed(2)}${refund.currency ? ` ${refund.currency}` : ''}`;
  const sentence = copy.sentence(amount, refund.quantity);
  return {
    subject: copy.subject,
    html: html`<!doctype html>
      <html lang="${language === 'pt' ? 'pt-BR' : 'en'}">
        <body>
          <p>${greeting}</p>
          <p>${sentence}</p>
        </body>
      </html> `,
    text: `${greeting}\n${sentence}\n`,
  };
}
