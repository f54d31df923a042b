import { html, type MailLanguage, mailLanguage } from '@event-tickets/service-kit';

export type EmailKind = 'APPROVED' | 'REJECTED';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The original's subjects and sentences, without its literal "\n". */
const COPY: Record<EmailKind, Record<MailLanguage, { subject: string; hello: string; sentence: string }>> = {
  APPROVED: {
    en: { subject: 'Payment Approved =)', hello: 'Hello', sentence: 'Your payment has been approved.' },
    pt: { subject: 'Pagamento Aprovado =)', hello: 'Olá', sentence: 'Seu pagamento foi aprovado.' },
  },
  REJECTED: {
    en: {
      subject: 'Payment Rejected =(',
      hello: 'Hello',
      sentence: 'Your payment has been rejected, try again.',
    },
    pt: {
      subject: 'Pagamento Rejeitado =(',
      hello: 'Olá',
      sentence: 'Seu pagamento foi rejeitado, porfavor tente novamente.',
    },
  },
};

/**
 * The approval or rejection email in the buyer's language (`pt`, `pt-br`, `pt-BR` → Portuguese, else
 * English), as HTML with every value escaped, and as plain text.
 */
export function renderPaymentEmail(
  kind: EmailKind,
  buyer: { name: string; language: string },
): RenderedEmail {
  const language = mailLanguage(buyer.language);
  const copy = COPY[kind][language];
  const name = buyer.name.trim();
  const greeting = name ? `${copy.hello} ${name}.` : `${copy.hello}.`;
  return {
    subject: copy.subject,
    html: html`<!doctype html>
      <html lang="${language === 'pt' ? 'pt-BR' : 'en'}">
        <body>
          <p>${greeting}</p>
          <p>${copy.sentence}</p>
        </body>
      </html> `,
    text: `${greeting}\n${copy.sentence}\n`,
  };
}
