import { html, type MailLanguage, mailLanguage, prerendered, slot } from '@event-tickets/service-kit';

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

/** The page around the greeting, rendered once per kind and language. */
function page(language: MailLanguage, sentence: string): (greeting: string) => string {
  // The markup's whitespace is part of the emails' bytes: kept exactly as it always was.
  // prettier-ignore
  return prerendered(html`<!doctype html>
      <html lang="${language === 'pt' ? 'pt-BR' : 'en'}">
        <body>
          <p>${slot}</p>
          <p>${sentence}</p>
        </body>
      </html> `);
}

const PAGES: Record<EmailKind, Record<MailLanguage, (greeting: string) => string>> = {
  APPROVED: { en: page('en', COPY.APPROVED.en.sentence), pt: page('pt', COPY.APPROVED.pt.sentence) },
  REJECTED: { en: page('en', COPY.REJECTED.en.sentence), pt: page('pt', COPY.REJECTED.pt.sentence) },
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
    html: PAGES[kind][language](greeting),
    text: `${greeting}\n${copy.sentence}\n`,
  };
}
