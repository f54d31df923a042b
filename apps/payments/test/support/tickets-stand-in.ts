import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

interface Ticket {
  passport: string;
  checkedIn: boolean;
  voidedBy: string | null;
}

export interface VoidCall {
  paymentId: string;
  body: { refund_id?: string; passports?: string[]; include_checked_in?: boolean };
}

type Answer = { status: number; body: Record<string, unknown> };

/**
 * tickets' voids route as payments calls it (`POST /internal/payments/:paymentId/voids`, service
 * token), over real HTTP, for tests of payments alone: the order's tickets are what the test issued;
 * a payment with none is TICKETS_NOT_ISSUED; idempotent per refund id; a checked-in ticket refuses a
 * void unless `include_checked_in` (an event cancellation) says otherwise.
 */
export class TicketsStandIn {
  readonly calls: VoidCall[] = [];
  /** Each void answers after this long (to hold two refunds of one order in flight at once). */
  delayMs = 0;
  private readonly tickets = new Map<string, Ticket[]>();
  private readonly answers = new Map<string, Answer>();
  private server!: Server;
  url = '';

  private constructor(private readonly token: string) {}

  static async start(token: string): Promise<TicketsStandIn> {
    const standIn = new TicketsStandIn(token);
    standIn.server = createServer((req, res) => void standIn.serve(req, res));
    await new Promise<void>((done) => standIn.server.listen(0, '127.0.0.1', done));
    const { port } = standIn.server.address() as { port: number };
    standIn.url = `http://127.0.0.1:${port}`;
    return standIn;
  }

  /** Issues `n` tickets of the payment; returns their passports. */
  issue(paymentId: string, n: number): string[] {
    const issued = Array.from({ length: n }, () => ({
      passport: randomUUID(),
      checkedIn: false,
      voidedBy: null,
    }));
    this.tickets.set(paymentId, [...(this.tickets.get(paymentId) ?? []), ...issued]);
    return issued.map((t) => t.passport);
  }

  checkIn(paymentId: string, passport: string): void {
    const ticket = this.tickets.get(paymentId)?.find((t) => t.passport === passport);
    if (!ticket) throw new Error(`no ticket ${passport}`);
    ticket.checkedIn = true;
  }

  voided(paymentId: string): string[] {
    return (this.tickets.get(paymentId) ?? []).filter((t) => t.voidedBy).map((t) => t.passport);
  }

  callsFor(paymentId: string): VoidCall[] {
    return this.calls.filter((c) => c.paymentId === paymentId);
  }

  close(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse) {
    const match = /^\/internal\/payments\/([^/]+)\/voids$/.exec(req.url ?? '');
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const send = ({ status, body }: Answer) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !match) return send({ status: 404, body: { code: 'NOT_FOUND' } });
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return send({ status: 401, body: { code: 'UNAUTHORIZED' } });
    const paymentId = decodeURIComponent(match[1]!);
    const body = JSON.parse(raw || '{}') as VoidCall['body'];
    this.calls.push({ paymentId, body });
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const refundId = String(body.refund_id);
    const answer = this.answers.get(refundId) ?? this.void(paymentId, refundId, body);
    if (answer.status === 200) this.answers.set(refundId, answer);
    send(answer);
  }

  private void(paymentId: string, refundId: string, body: VoidCall['body']): Answer {
    const refuse = (status: number, code: string): Answer => ({ status, body: { code, message: code } });
    const order = this.tickets.get(paymentId);
    if (!order?.length) return refuse(409, 'TICKETS_NOT_ISSUED');
    const open = (t: Ticket) => !t.voidedBy && (!t.checkedIn || body.include_checked_in === true);
    let chosen: Ticket[];
    if (body.passports) {
      chosen = body.passports.map((p) => order.find((t) => t.passport === p)!);
      if (chosen.some((t) => !t)) return refuse(404, 'TICKET_NOT_FOUND');
      if (chosen.some((t) => t.voidedBy)) return refuse(409, 'TICKET_ALREADY_VOIDED');
      if (chosen.some((t) => !open(t))) return refuse(409, 'TICKET_CHECKED_IN');
    } else {
      chosen = order.filter(open);
      if (!chosen.length) return refuse(409, 'NOTHING_TO_REFUND');
    }
    for (const t of chosen) t.voidedBy = refundId;
    const passports = chosen.map((t) => t.passport);
    return { status: 200, body: { passports, quantity: passports.length } };
  }
}
