import { escapeHtml, html, mailLanguage, prerendered, raw, safeUrl, slot } from './html';

describe('email HTML helpers', () => {
  it('escapes every interpolated value', () => {
    expect(html`<p>${'<script>alert("x")</script> & \'y\''}</p>`).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    );
    expect(escapeHtml(undefined)).toBe('');
  });
  it('keeps markup it built itself', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${raw(inner)}</p>`).toBe('<p><b>&lt;i&gt;</b></p>');
  });
  it('only lets http(s) URLs through', () => {
    expect(safeUrl('https://img.example.com/a.png')).toBe('https://img.example.com/a.png');
    expect(safeUrl('javascript:alert(1)')).toBe('');
    expect(safeUrl('data:text/html,<b>')).toBe('');
  });
  it('maps pt, pt-br and pt-BR to Portuguese, the rest to English', () => {
    for (const code of ['pt', 'pt-br', 'pt-BR', 'PT', 'pt_BR']) expect(mailLanguage(code)).toBe('pt');
    for (const code of ['en', 'es', '', undefined, 'portuguese']) expect(mailLanguage(code)).toBe('en');
  });
  it('fills a template rendered once exactly as rendering it per value would', () => {
    const page = (name: unknown, extra: unknown) =>
      html`<h1>${'T&C'}</h1>
        <p>${name}</p>
        ${extra}<i></i>`;
    const fill = prerendered(page(slot, slot));
    for (const [name, extra] of [
      ['<b>Ana</b> & "co"', raw('<img src="x" />')],
      ["O'Neil", ''],
      [undefined, ['<a>', raw('<br />')]],
    ])
      expect(fill(name, extra)).toBe(page(name, extra));
    expect(fill('Ana', '')).toMatch(/^<h1>T&amp;C<\/h1>\s*<p>Ana<\/p>\s*<i><\/i>$/);
  });
});
