import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as bcrypt from 'bcrypt';
import { createTransport } from 'nodemailer';
import { createTestDatabase, queryDatabase, uniqueName } from '@event-tickets/testing';

/**
 * This machine's limits, measured in the same run as the scenarios so that each result reads as a
 * share of what the machine can do at all: the hot-row transaction rate of PostgreSQL (the flash
 * sale's seat holds), the bcrypt rate (the login storm), and a bare SMTP send rate to the catcher
 * (the pipeline's emails). A limit that cannot be measured (no pgbench, no catcher) is left out with
 * the reason; the bench goes on.
 */
export interface Limits {
  /** pgbench transactions per second: one conditional UPDATE of one hot row plus one INSERT. */
  hotRowPerSecond?: number;
  /** bcrypt cost-12 compares per second, all cores busy. */
  bcryptPerSecond: number;
  /** Emails per second through a pooled nodemailer transport, 5 in flight. */
  smtpPerSecond?: number;
  /** Why a limit is missing. */
  missing: string[];
}

const run = promisify(execFile);

const HOT_ROW = { clients: 16, threads: 2, seconds: 10 };
const BCRYPT = { cost: 12, seconds: 2 };
const SMTP = { concurrency: 5, seconds: 5 };

/**
 * The events app's new hold (apps/events seat-holds repository: one autocommit statement, the event
 * row's counter and the hold row together), against a capacity that never runs out, with the
 * flash sale's pressure of concurrent buyers. Prepared, as the app's own statement is.
 */
const HOT_ROW_SETUP = [
  `CREATE TABLE events (id int PRIMARY KEY, capacity int, sold int NOT NULL, held int NOT NULL)`,
  `CREATE TABLE seat_holds (payment_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     event_id int NOT NULL, status text NOT NULL, expires_at timestamptz NOT NULL)`,
  `INSERT INTO events VALUES (1, 2000000000, 0, 0)`,
];
const HOT_ROW_SCRIPT = `WITH taken AS (
  UPDATE events SET held = held + 1 WHERE id = 1 AND sold + held < capacity RETURNING id
) INSERT INTO seat_holds (event_id, status, expires_at) SELECT id, 'HELD', now() + interval '10 minutes' FROM taken;
`;

/** pgbench on the hot row, in a scratch database dropped afterwards. */
export async function hotRowRate(): Promise<number> {
  const db = await createTestDatabase('bench_limits');
  const dir = mkdtempSync(join(tmpdir(), 'bench-pgbench-'));
  try {
    for (const sql of HOT_ROW_SETUP) await queryDatabase(db.name, sql);
    writeFileSync(join(dir, 'hold.sql'), HOT_ROW_SCRIPT);
    const { stdout } = await run(
      'pgbench',
      [
        '-n', // no vacuum of pgbench's own tables (there are none)
        '-M',
        'prepared',
        '-c',
        String(HOT_ROW.clients),
        '-j',
        String(HOT_ROW.threads),
        '-T',
        String(HOT_ROW.seconds),
        '-f',
        join(dir, 'hold.sql'),
        '-h',
        process.env.DB_HOST!,
        '-p',
        process.env.DB_PORT!,
        '-U',
        process.env.DB_USER!,
        db.name,
      ],
      { env: { ...process.env, PGPASSWORD: process.env.DB_PASSWORD } },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
    if (!tps) throw new Error(`no tps in pgbench's output:\n${stdout}`);
    return Number(tps);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

/**
 * bcrypt cost-12 compares per second with one compare in flight per core (bcrypt hashes on libuv's
 * thread pool, 4 threads by default).
 */
export async function bcryptRate(): Promise<number> {
  const hash = await bcrypt.hash('x', BCRYPT.cost);
  const workers = Math.min(cpus().length, Number(process.env.UV_THREADPOOL_SIZE ?? 4));
  return rate(workers, BCRYPT.seconds, () => bcrypt.compare('x', hash));
}

/**
 * Operations per second with `workers` in flight, over `seconds` after one warm-up operation each
 * (the first bcrypt compare, the SMTP pool's connections). `i` numbers the operations; negative for
 * the warm-ups.
 */
async function rate(workers: number, seconds: number, once: (i: number) => Promise<unknown>) {
  await Promise.all(Array.from({ length: workers }, (_, w) => once(-1 - w)));
  let started = 0;
  let done = 0;
  const t0 = Date.now();
  const end = t0 + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      await once(started++);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return done / ((Date.now() - t0) / 1000);
}

/**
 * A QR PNG like the ticket email's (1-bit, 198 × 198 px, 0.4 KB). With the text and HTML parts below,
 * the message is about a ticket email's size as the catcher stores it (~3 KB).
 */
const QR_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAMYAAADGAQAAAACh4MLwAAABS0lEQVR4nO2XQa4DIAhEJ/EAHomrcyQPQDI/DPQ3vz/tVhY1LtS3IQjj' +
    'CL4b+JKP5ADAImMzAB7LPWwGMZKLnjv6yjXzcAYBbJ0MfB3DZq6HEV2x89hAsg6QFz6L5G1n1J7p/FcHV4m6JBPZ86V/bpIayihViS+6' +
    'c5MozFQXGLb/bkeQ7AwEUMoHWKArcQRR9YVyueilMTMIY3umE7ZIbNecQao5OnDP2I9Fv2b3Sd7z9hK/1r+O+jZhH5fyIdfWlXidnA6c' +
    '9Gri2P5wT9dJGhM1bqsLH10ygKS0UI1br+6zS+4TOSZpTF67TEqMIYFqlJYWPh3KCAK0ValHg0NIuwCTVTEdIzCDPH85Xp5uKfwZpF1n' +
    'tD3JqOcQuXX5TZUh5FZmEdmoVY5zFlEZbpZVn0N+nV3/cv7WwVVSvxyUxuj1eGT0Onk3vuQT+QFsuItARX1PcwAAAABJRU5ErkJggg==',
  'base64',
);
const PASSPORT = '75214a6b-40ff-486f-9e99-8441b483d21c';
const HTML = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Your ticket is here =)</title>
    <style>
      body { display: flex; flex-direction: column; align-items: center; justify-content: center; font-family: Arial, sans-serif; }
      .event-image { width: 350px; height: 250px; }
      .ticket { border: 2px dashed royalblue; padding: 20px; }
    </style>
  </head>
  <body>
    <h3>Limits concert</h3>
    <img class="event-image" src="https://img.example.com/b.png" alt="Limits concert" width="350" height="250" />
    <p>benchmark</p>
    <p>Date: Friday, January 29, 2027 at 5:19 PM UTC</p>
    <p>Bench Buyer here is your passport:</p>
    <p class="ticket">${PASSPORT}</p>
    <img src="cid:passport-qr@event-tickets" alt="QR code of your passport" />
  </body>
</html>`;
const TEXT = `Your ticket is here =)\n\nLimits concert\nbenchmark\nDate: Friday, January 29, 2027 at 5:19 PM UTC\n\nBench Buyer here is your passport:\n${PASSPORT}\n`;

/**
 * Emails per second to the catcher (MAIL_HOST:MAIL_PORT) through one pooled nodemailer transport, a
 * fixed number in flight. The messages are deleted from the catcher afterwards (best effort).
 */
export async function smtpRate(): Promise<number> {
  const to = `${uniqueName('limits')}@example.com`;
  const transport = createTransport({
    host: process.env.MAIL_HOST,
    port: Number(process.env.MAIL_PORT),
    secure: false,
    pool: true,
    maxConnections: SMTP.concurrency,
    maxMessages: Infinity,
  });
  const message = (i: number) => ({
    from: 'Event Tickets <no-reply@event-tickets.local>',
    to,
    subject: 'Your ticket is here =)',
    text: TEXT,
    html: HTML,
    messageId: `<limits-${i}-${to}>`,
    attachments: [
      {
        filename: 'passport-qr.png',
        content: QR_PNG,
        cid: 'passport-qr@event-tickets',
        contentType: 'image/png',
      },
    ],
  });
  try {
    return await rate(SMTP.concurrency, SMTP.seconds, (i) => transport.sendMail(message(i)));
  } finally {
    transport.close();
    await fetch(`${process.env.MAIL_API_URL}/api/v1/search?query=${encodeURIComponent(`to:"${to}"`)}`, {
      method: 'DELETE',
    }).catch(() => undefined);
  }
}

/** The three limits, one after the other (each would disturb the others' measurement). */
export async function measureLimits(): Promise<Limits> {
  const missing: string[] = [];
  const attempt = async (name: string, measure: () => Promise<number>) => {
    try {
      return await measure();
    } catch (error) {
      missing.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
      return undefined;
    }
  };
  const hotRowPerSecond = await attempt('hot row (pgbench)', hotRowRate);
  const bcryptPerSecond = await bcryptRate();
  const smtpPerSecond = await attempt('SMTP', smtpRate);
  return { hotRowPerSecond, bcryptPerSecond, smtpPerSecond, missing };
}

/** `limits: ...`, the line printed after the table. */
export function limitsLine(l: Limits): string {
  const parts = [
    l.hotRowPerSecond === undefined
      ? 'hot row: not measured'
      : `hot row ${l.hotRowPerSecond.toFixed(0)} tx/s (pgbench, conditional UPDATE + INSERT, ${HOT_ROW.clients} clients)`,
    `bcrypt ${l.bcryptPerSecond.toFixed(1)}/s (cost ${BCRYPT.cost}, ${cpus().length} cores)`,
    l.smtpPerSecond === undefined
      ? 'SMTP: not measured'
      : `SMTP ${l.smtpPerSecond.toFixed(0)} emails/s (pooled, ${SMTP.concurrency} in flight)`,
  ];
  return `limits: ${parts.join('; ')}${l.missing.length ? ` (${l.missing.join('; ')})` : ''}`;
}

/** "42%": a rate as a share of its limit; undefined when the limit is missing. */
export const percentOf = (value: number, limit: number | undefined) =>
  limit ? `${((value / limit) * 100).toFixed(0)}%` : undefined;
