import { formatEventDate, QR_CID, renderTicketEmail, seatQrCid, type TicketEmailFacts } from './ticket-email';

const facts = (overrides: Partial<TicketEmailFacts> = {}): TicketEmailFacts => ({
  name: 'Ana',
  passport: '3f1c8a52-7d0e-4d5b-9b1e-2a6f0c9d8e71',
  eventName: 'Rock in Rio',
  eventDescription: 'Music festival',
  eventImageUrl: 'https://img.example.com/rir.png',
  language: 'en',
  ...overrides,
});

describe('the ticket email', () => {
  it('keeps the original English wording and layout, with the passport and its QR code', () => {
    const email = renderTicketEmail(facts());
    expect(email.subject).toBe('Your ticket is here =)');
    expect(email.html).toContain('<h3>Rock in Rio</h3>');
    expect(email.html).toContain('src="https://img.example.com/rir.png"');
    expect(email.html).toMatch(/\.event-image \{\s*width: 350px;\s*height: 250px;\s*\}/);
    expect(email.html).toContain('<p>Music festival</p>');
    expect(email.html).toContain('<p>Ana here is your passport:</p>');
    expect(email.html).toContain('<p class="ticket">3f1c8a52-7d0e-4d5b-9b1e-2a6f0c9d8e71</p>');
    expect(email.html).toMatch(/\.ticket \{\s*border: 2px dashed royalblue;\s*padding: 20px;\s*\}/);
    expect(email.html).toContain(`<img src="cid:${QR_CID}"`);
  });

  it('speaks Portuguese for pt, pt-br and pt-BR', () => {
    for (const language of ['pt', 'pt-br', 'pt-BR']) {
      const email = renderTicketEmail(facts({ language }));
      expect(email.subject).toBe('Seu ticket chegou =)');
      expect(email.html).toContain('<p>Ana aqui está seu ticket:</p>');
      expect(email.text).toContain('Ana aqui está seu ticket:');
    }
    expect(renderTicketEmail(facts({ language: 'es' })).subject).toBe('Your ticket is here =)');
  });

  it('escapes every value and drops image URLs that are not http(s)', () => {
    const email = renderTicketEmail(
      facts({
        name: '<script>alert(1)</script>',
        eventName: 'Rock & "Roll"',
        eventDescription: '<img src=x onerror=alert(1)>',
        eventImageUrl: 'javascript:alert(1)',
      }),
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).not.toContain('javascript:');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; here is your passport:');
    expect(email.html).toContain('<h3>Rock &amp; &quot;Roll&quot;</h3>');
    expect(email.html).not.toContain('class="event-image"');
  });

  it('has a plain-text part with the same facts', () => {
    const email = renderTicketEmail(facts({ eventDate: new Date('2030-09-25T20:00:00Z') }));
    expect(email.text.split('\n')).toEqual([
      'Your ticket is here =)',
      '',
      'Rock in Rio',
      'Music festival',
      'Date: Wednesday, September 25, 2030 at 8:00 PM UTC',
      '',
      'Ana here is your passport:',
      '3f1c8a52-7d0e-4d5b-9b1e-2a6f0c9d8e71',
      '',
    ]);
  });

  it('shows the event date in the buyer language when known, nothing when not', () => {
    const date = new Date('2030-09-25T20:00:00Z');
    expect(renderTicketEmail(facts({ eventDate: date })).html).toContain(
      '<p>Date: Wednesday, September 25, 2030 at 8:00 PM UTC</p>',
    );
    expect(formatEventDate(date, 'pt')).toMatch(/^quarta-feira, 25 de setembro de 2030.*20:00 UTC$/);
    expect(renderTicketEmail(facts({ eventDate: date, language: 'pt' })).html).toContain(
      '<p>Data: quarta-feira',
    );
    expect(renderTicketEmail(facts()).html).not.toContain('Date:');
  });

  it('renders exactly the markup the emails were always sent with, byte for byte', () => {
    const special = {
      name: 'Ana <b>&',
      passport: 'P-123',
      eventName: 'Rock "Night"',
      eventDescription: "It's loud",
      eventImageUrl: 'https://img.example/x.png',
    };
    const eventDate = new Date('2030-09-25T20:00:00Z');
    const date = formatEventDate(eventDate, 'en'); // the ICU's wording, checked above
    expect(renderTicketEmail(facts({ ...special, eventDate })).html).toBe(
      [
        '<!DOCTYPE html>',
        '    <html lang="en">',
        '      <head>',
        '        <meta charset="UTF-8" />',
        '        <meta name="viewport" content="width=device-width, initial-scale=1.0" />',
        '        <title>Your ticket is here =)</title>',
        '        <style>',
        '          body {',
        '            display: flex;',
        '            flex-direction: column;',
        '            align-items: center;',
        '            justify-content: center;',
        '            font-family: Arial, sans-serif;',
        '          }',
        '          .event-image {',
        '            width: 350px;',
        '            height: 250px;',
        '          }',
        '          .ticket {',
        '            border: 2px dashed royalblue;',
        '            padding: 20px;',
        '          }',
        '        </style>',
        '      </head>',
        '      <body>',
        '        <h3>Rock &quot;Night&quot;</h3>',
        '        <img class="event-image" src="https://img.example/x.png" alt="Rock &quot;Night&quot;" width="350" height="250" />',
        '        <p>It&#39;s loud</p>',
        `        <p>Date: ${date}</p>`,
        '        <p>Ana &lt;b&gt;&amp; here is your passport:</p>',
        '        <p class="ticket">P-123</p>',
        '        <img src="cid:passport-qr@event-tickets" alt="QR code of your passport" />',
        '      </body>',
        '    </html> ',
      ].join('\n'),
    );
    expect(renderTicketEmail(facts({ ...special, language: 'pt', eventImageUrl: 'javascript:x' })).html).toBe(
      [
        '<!DOCTYPE html>',
        '    <html lang="pt-BR">',
        '      <head>',
        '        <meta charset="UTF-8" />',
        '        <meta name="viewport" content="width=device-width, initial-scale=1.0" />',
        '        <title>Seu ticket chegou =)</title>',
        '        <style>',
        '          body {',
        '            display: flex;',
        '            flex-direction: column;',
        '            align-items: center;',
        '            justify-content: center;',
        '            font-family: Arial, sans-serif;',
        '          }',
        '          .event-image {',
        '            width: 350px;',
        '            height: 250px;',
        '          }',
        '          .ticket {',
        '            border: 2px dashed royalblue;',
        '            padding: 20px;',
        '          }',
        '        </style>',
        '      </head>',
        '      <body>',
        '        <h3>Rock &quot;Night&quot;</h3>',
        '        ',
        '        <p>It&#39;s loud</p>',
        '        ',
        '        <p>Ana &lt;b&gt;&amp; aqui está seu ticket:</p>',
        '        <p class="ticket">P-123</p>',
        '        <img src="cid:passport-qr@event-tickets" alt="QR code do seu ticket" />',
        '      </body>',
        '    </html> ',
      ].join('\n'),
    );
  });
});

describe('the email of an order of several tickets', () => {
  const passports = [
    '11111111-1111-4111-8111-111111111111',
    '22222222-2222-4222-8222-222222222222',
    '33333333-3333-4333-8333-333333333333',
  ];

  it('shows every passport in its box with its own QR code, in one email', () => {
    const email = renderTicketEmail(facts({ passport: passports[0]!, passports }));
    expect(email.subject).toBe('Your tickets are here =)');
    expect(email.html).toContain('<title>Your tickets are here =)</title>');
    expect(email.html).toContain('<p>Ana here are your passports:</p>');
    passports.forEach((p, i) => {
      expect(email.html).toContain(`<p class="ticket">${p}</p>`);
      expect(email.html).toContain(
        `<img src="cid:${seatQrCid(i + 1)}" alt="QR code of ticket ${i + 1}/3" />`,
      );
    });
    expect(email.html).not.toContain(`cid:${QR_CID}`);
    expect(email.text.split('\n').slice(-5)).toEqual(['Ana here are your passports:', ...passports, '']);
  });

  it('speaks Portuguese too', () => {
    const email = renderTicketEmail(facts({ language: 'pt', passports }));
    expect(email.subject).toBe('Seus tickets chegaram =)');
    expect(email.html).toContain('<p>Ana aqui estão seus tickets:</p>');
  });

  it('is the single-ticket email, byte for byte, for an order of one', () => {
    expect(renderTicketEmail(facts({ passports: [facts().passport] }))).toEqual(renderTicketEmail(facts()));
  });
});
