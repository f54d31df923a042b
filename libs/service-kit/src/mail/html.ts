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
  return strings.reduce((out, s, i) => out + render(values[i - 1]) + s);
}

function render(value: unknown): string {
  if (value instanceof RawHtml) return value.markup;
  if (Array.isArray(value))
    return value.map((v) => (v instanceof RawHtml ? v.markup : escapeHtml(v))).join('');
  return escapeHtml(value);
}

export class RawHtml {
  constructor(readonly markup: string) {}
}

/** Markup we produced ourselves (a fragment already built with `html`). */
export const raw = (markup: string) => new RawHtml(markup);

const SLOT = '\u0000'; // never in a template's own text, and only ever added by `slot`

/** Where a per-email value goes in a template rendered once (see `prerendered`). */
export const slot = raw(SLOT);

/**
 * A template rendered once (at module load, with `slot` for each per-email value) as a function of
 * those values: each is escaped (or kept, if `raw`) exactly as `html` would, so an email costs a few
 * concatenations and has the very bytes rendering the whole template for it would give.
 */
export function prerendered(markup: string): (...values: unknown[]) => string {
  const parts = markup.split(SLOT);
  return (...values) => parts.reduce((out, part, i) => out + render(values[i - 1]) + part);
}

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
