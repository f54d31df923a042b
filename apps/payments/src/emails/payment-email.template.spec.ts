import { renderPaymentEmail } from './payment-email.template';

describe(renderPaymentEmail.name, () => {
  it("writes the original's English approval", () => {
    const email = renderPaymentEmail('APPROVED', { name: 'Ana', language: 'en' });
    expect(email.subject).toBe('Payment Approved =)');
    expect(email.html).toContain('<p>Hello Ana.</p>');
    expect(email.html).toContain('<p>Your payment has been approved.</p>');
    expect(email.text).toBe('Hello Ana.\nYour payment has been approved.\n');
  });

  it("writes the original's Portuguese rejection for pt, pt-br and pt-BR", () => {
    for (const language of ['pt', 'pt-br', 'pt-BR']) {
      const email = renderPaymentEmail('REJECTED', { name: 'Ana', language });
      expect(email.subject).toBe('Pagamento Rejeitado =(');
      expect(email.text).toBe('Olá Ana.\nSeu pagamento foi rejeitado, porfavor tente novamente.\n');
      expect(email.html).toContain('<p>Seu pagamento foi rejeitado, porfavor tente novamente.</p>');
    }
    expect(renderPaymentEmail('APPROVED', { name: 'Ana', language: 'pt' }).subject).toBe(
      'Pagamento Aprovado =)',
    );
  });

  it('falls back to English for any other language, and rejects in English', () => {
    const email = renderPaymentEmail('REJECTED', { name: 'Bob', language: 'es' });
    expect(email.subject).toBe('Payment Rejected =(');
    expect(email.text).toBe('Hello Bob.\nYour payment has been rejected, try again.\n');
  });

  it('escapes the name in the HTML part and never writes a literal backslash-n', () => {
    const email = renderPaymentEmail('APPROVED', { name: '<script>alert("x")</script>', language: '' });
    expect(email.html).toContain('Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.');
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('\\n');
    expect(email.text).not.toContain('\\n');
  });

  it('greets without a name when none was given', () => {
    expect(renderPaymentEmail('APPROVED', { name: '  ', language: 'en' }).text).toBe(
      'Hello.\nYour payment has been approved.\n',
    );
  });

  it('renders exactly the markup the emails were always sent with, byte for byte', () => {
    expect(renderPaymentEmail('APPROVED', { name: 'Ana <b>', language: 'en' }).html).toBe(
      [
        '<!doctype html>',
        '      <html lang="en">',
        '        <body>',
        '          <p>Hello Ana &lt;b&gt;.</p>',
        '          <p>Your payment has been approved.</p>',
        '        </body>',
        '      </html> ',
      ].join('\n'),
    );
    expect(renderPaymentEmail('REJECTED', { name: ' ', language: 'pt-BR' }).html).toBe(
      [
        '<!doctype html>',
        '      <html lang="pt-BR">',
        '        <body>',
        '          <p>Olá.</p>',
        '          <p>Seu pagamento foi rejeitado, porfavor tente novamente.</p>',
        '        </body>',
        '      </html> ',
      ].join('\n'),
    );
  });
});
