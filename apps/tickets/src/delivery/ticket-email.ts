import {
  html,
  mailLanguage,
  type MailLanguage,
  prerendered,
  raw,
  safeUrl,
  slot,
} from '@event-tickets/service-kit';

/** The inline QR image's Content-ID, referenced from the HTML as `cid:`. */
export const QR_CID = 'passport-qr@event-tickets';

export interface TicketEmailFacts {
  name: string;
  passport: string;
  /** Every passport of the order, seat order, when it has more than one (one email for them all). */
  passports?: string[];
  eventName: string;
  eventDescription: string;
  eventImageUrl: string;
  eventDate?: Date;
  language: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The inline QR image of seat `seat` of an order of several tickets. */
export const seatQrCid = (seat: number) => `passport-qr-${seat}@event-tickets`;

interface Words {
  subject: string;
  sentence: string;
  date: string;
  qr: string;
  locale: string;
}

const WORDS: Record<MailLanguage, Words & { order: Omit<Words, 'date' | 'locale'> }> = {
  en: {
    subject: 'Your ticket is here =)',
    sentence: 'here is your passport:',
    date: 'Date',
    qr: 'QR code of your passport',
    locale: 'en-US',
    order: {
      subject: 'Your tickets are here =)',
      sentence: 'here are your passports:',
      qr: 'QR code of ticket',
    },
  },
  pt: {
    subject: 'Seu ticket chegou =)',
    sentence: 'aqui está seu ticket:',
    date: 'Data',
    qr: 'QR code do seu ticket',
    locale: 'pt-BR',
    order: {
      subject: 'Seus tickets chegaram =)',
      sentence: 'aqui estão seus tickets:',
      qr: 'QR code do ticket',
    },
  },
};

/** One formatter per language, built once: creating an Intl.DateTimeFormat costs far more than using it. */
const DATE_FORMATS: Record<MailLanguage, Intl.DateTimeFormat> = {
  en: dateFormat('en'),
  pt: dateFormat('pt'),
};

function dateFormat(language: MailLanguage): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(WORDS[language].locale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
}

/** The event date in the buyer's language, in UTC (the event's own time zone is not known here). */
export function formatEventDate(date: Date, language: MailLanguage): string {
  return `${DATE_FORMATS[language].format(date)} UTC`;
}

/**
 * The page in one language, rendered once at module load with a slot for each per-email part: the
 * title, the event name, the image, the description, the date line, the buyer's name, the sentence,
 * the passports with their QR codes.
 */
function page(language: MailLanguage): (...parts: unknown[]) => string {
  // The markup's whitespace is part of the emails' bytes: kept exactly as it always was.
  // prettier-ignore
  return prerendered(html`<!DOCTYPE html>
    <html lang="${language === 'pt' ? 'pt-BR' : 'en'}">
      <head>
        <meta charset="UTF-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1.0" />
        <title>${slot}</title>
        <style>
          body {
            display: flex;
            flex-direction: column;
            align-items: center;
            justify-content: center;
            font-family: Arial, sans-serif;
          }
          .event-image {
            width: 350px;
            height: 250px;
          }
          .ticket {
            border: 2px dashed royalblue;
            padding: 20px;
          }
        </style>
      </head>
      <body>
        <h3>${slot}</h3>
        ${slot}
        <p>${slot}</p>
        ${slot}
        <p>${slot} ${slot}</p>
        ${slot}
      </body>
    </html> `);
}

const PAGES = { en: page('en'), pt: page('pt') };

/**
 * The original ticket email (h3 event name, 350×250 event image, description,
 * "<name> here is your passport:", the passport in a dashed royalblue box), with every value escaped,
 * the event date when known, the passport's QR code inline, and a plain-text part. An order of several
 * tickets gets one email with every passport, each in its box with its own QR code (`seatQrCid`).
 */
export function renderTicketEmail(facts: TicketEmailFacts): RenderedEmail {
  const language = mailLanguage(facts.language);
  const words = WORDS[language];
  const order = facts.passports && facts.passports.length > 1 ? facts.passports : undefined;
  const { subject, sentence } = order ? words.order : words;
  const image = safeUrl(facts.eventImageUrl);
  const date = facts.eventDate ? formatEventDate(facts.eventDate, language) : undefined;
  const tickets = order
    ? order.map(
        (passport, i) =>
          html`<p class="ticket">${passport}</p>
            <img src="cid:${seatQrCid(i + 1)}" alt="${words.order.qr} ${i + 1}/${order.length}" />`,
      )
    : html`<p class="ticket">${facts.passport}</p>
        <img src="cid:${QR_CID}" alt="${words.qr}" />`;
  const body = PAGES[language](
    subject,
    facts.eventName,
    image
      ? raw(
          html`<img class="event-image" src="${image}" alt="${facts.eventName}" width="350" height="250" />`,
        )
      : '',
    facts.eventDescription,
    date ? raw(html`<p>${words.date}: ${date}</p>`) : '',
    facts.name,
    sentence,
    raw(Array.isArray(tickets) ? tickets.join('\n        ') : tickets),
  );
  const text = [
    subject,
    '',
    facts.eventName,
    facts.eventDescription,
    ...(date ? [`${words.date}: ${date}`] : []),
    '',
    `${facts.name} ${sentence}`,
    ...(order ?? [facts.passport]),
    '',
  ].join('\n');
  return { subject, html: body, text };
}
