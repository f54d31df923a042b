/** The SMTP catcher's HTTP API (Mailpit, see scripts/stack/mail.sh), as tests read mail. */
const api = () => process.env.MAIL_API_URL ?? 'http://127.0.0.1:8025';

export interface MailSummary {
  ID: string;
  Subject: string;
  To: { Address: string }[];
  Created: string;
}

export interface MailDetail extends MailSummary {
  HTML: string;
  Text: string;
  Inline: { PartID: string; ContentType: string; ContentID: string; FileName: string }[];
  Attachments: { PartID: string; ContentType: string; ContentID: string; FileName: string }[];
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${api()}${path}`);
  if (!res.ok) throw new Error(`mail API ${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** Every captured message sent to `email` (newest first). */
export async function mailTo(email: string): Promise<MailSummary[]> {
  const query = encodeURIComponent(`to:"${email}"`);
  const result = await get<{ messages: MailSummary[] }>(`/api/v1/search?query=${query}&limit=500`);
  return result.messages.filter((m) => m.To.some((t) => t.Address.toLowerCase() === email.toLowerCase()));
}

export const mailDetail = (id: string) => get<MailDetail>(`/api/v1/message/${id}`);

export async function mailPart(id: string, partId: string): Promise<Buffer> {
  const res = await fetch(`${api()}/api/v1/message/${id}/part/${partId}`);
  return Buffer.from(await res.arrayBuffer());
}

/** SMTP fault injection: e.g. `{ Sender: { ErrorCode: 451, Probability: 100 } }`; `{}` resets. */
export async function mailChaos(
  triggers: Record<string, { ErrorCode: number; Probability: number }>,
): Promise<void> {
  const res = await fetch(`${api()}/api/v1/chaos`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(triggers),
  });
  if (!res.ok) throw new Error(`mail chaos: ${res.status}`);
}
