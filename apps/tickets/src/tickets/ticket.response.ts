import { ApiProperty } from '@nestjs/swagger';
import { MAIL_STATUSES, type MailStatus } from '../store/ticket.schema';
import type { TicketRecord } from '../store/ticket.record';

export const TICKET_STATUSES = ['VALID', 'CHECKED_IN', 'VOIDED'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

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
  @ApiProperty({
    enum: TICKET_STATUSES,
    description: 'VALID (admits once), CHECKED_IN, or VOIDED (refunded: refused at the door)',
  })
  status!: TicketStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when a refund voided it' })
  voidedAt!: string | null;
  @ApiProperty({ example: 1, description: 'the seat in its order, 1..quantity' })
  seat!: number;
  @ApiProperty({ example: 1, description: 'tickets in the order (all sent in one email)' })
  quantity!: number;
  @ApiProperty({ type: String, nullable: true, example: '7', description: 'the ticket type, when known' })
  ticketTypeId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'General admission' })
  ticketTypeName!: string | null;
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
    status: t.voidedAt ? 'VOIDED' : t.checkedInAt ? 'CHECKED_IN' : 'VALID',
    voidedAt: t.voidedAt ? t.voidedAt.toISOString() : null,
    seat: t.seat ?? 1,
    quantity: t.quantity ?? 1,
    ticketTypeId: t.ticketTypeId ?? null,
    ticketTypeName: t.ticketTypeName ?? null,
    mailStatus: t.mail.status,
  };
}
