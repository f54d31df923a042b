const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every value interpolated into an email is escaped (the original's emails were not). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A template tag that escapes every interpolation: html`<p>${name}</p>`. Use `raw()` for trusted markup. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, s, i) => {
    const value = values[i - 1];
    const rendered =
      value instanceof RawHtml
        ? value.markup
        : Array.isArray(value)
          ? value.map((v) => (v instanceof RawHtml ? v.markup : escapeHtml(v))).join('')
          : escapeHtml(value);
    return out + rendered + s;
  });
}

export class RawHtml {
  constructor(readonly markup: string) {}
}

/** Markup we produced ourselves (a fragment already built with `html`). */
export const raw = (markup: string) => new RawHtml(markup);

/** Only http(s) URLs may become an <img src> or a link; anything else (javascript:, data:) is dropped. */
export function safeUrl(value: unknown): string {
  const s = String(value ?? '').trim();
  return /^https?:\/\//i.test(s) ? s : '';
}

export type MailLanguage = 'en' | 'pt';

/** `pt`, `pt-br`, `pt-BR`, `pt_BR` → Portuguese; anything else → English (as the original). */
export function mailLanguage(code: unknown): MailLanguage {
  return /^pt([-_]br)?$/i.test(String(code ?? '').trim()) ? 'pt' : 'en';
}
