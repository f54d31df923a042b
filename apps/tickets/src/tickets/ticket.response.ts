import { ApiProperty } from '@nestjs/swagger';
import { MAIL_STATUSES, type MailStatus } from '../store/ticket.schema';
import type { TicketRecord } from '../store/ticket.record';

/** A ticket as the HTTP API shows it (the original had no HTTP API; field names follow its payload). */
export class TicketResponse {
  @ApiProperty({ format: 'uuid', description: 'the ticket code (UUID v4) shown as text and QR code' })
  passport!: string;
  @ApiProperty({ example: 'ana@example.com' }) email!: string;
  @ApiProperty({ example: 'Ana' }) name!: string;
  @ApiProperty({ example: '42' }) eventId!: string;
  @ApiProperty({ example: 'Rock in Rio' }) eventName!: string;
  @ApiProperty({ example: 'Music festival' }) eventDescription!: string;
  @ApiProperty({ example: 'https://img.example.com/rir.png' }) eventImageUrl!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) eventDate!: string | null;
  @ApiProperty({ example: 'en', description: "'pt' (or pt-br) → Portuguese email, else English" })
  language!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the purchase, when the producer named it' })
  paymentId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) checkedInAt!: string | null;
  @ApiProperty({ enum: MAIL_STATUSES, description: 'PENDING until the SMTP server accepted the email' })
  mailStatus!: MailStatus;
}

export function toTicketResponse(t: TicketRecord): TicketResponse {
  return {
    passport: t.passport,
    email: t.email,
    name: t.name,
    eventId: t.eventId,
    eventName: t.eventName,
    eventDescription: t.eventDescription,
    eventImageUrl: t.eventImageUrl,
    eventDate: t.eventDate ? t.eventDate.toISOString() : null,
    language: t.language,
    paymentId: t.paymentId ?? null,
    createdAt: t.createdAt.toISOString(),
    checkedInAt: t.checkedInAt ? t.checkedInAt.toISOString() : null,
    mailStatus: t.mail.status,
  };
}
