import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { createTopics, testKafka } from './kafka';

export interface KafkaGoMessage {
  partition: number;
  offset: number;
  key: string;
  value: string;
}

export interface KafkaGoMember {
  /** The member id the broker gave it (its latest join). */
  readonly memberId: string;
  /** Every message it read (and, with forwardSendTicketTo, forwarded), in order. */
  readonly received: KafkaGoMessage[];
  /** SIGTERM: the reader closes, committing what it read, and leaves the group. */
  stop(): Promise<void>;
  /** SIGKILL: it stays in the group until its session (kafka-go's default, 30 s) expires. */
  kill(): Promise<void>;
}

export interface KafkaGoMemberOptions {
  groupId: string;
  topic: string;
  /** Publish a SEND_TICKET message per PAYMENT_SUCCEEDED read, as the original's clients service. */
  forwardSendTicketTo?: string;
  /** How long to wait for it to be in the group; 60 s by default. */
  timeoutMs?: number;
}

const SOURCE = resolve(__dirname, '..', 'go', 'kafka-go-member');
const SOURCES = ['go.mod', 'go.sum', 'main.go'];
const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

let built: Promise<string> | undefined;

/**
 * The stand-in's binary, built once per change of its sources into the stack's binary folder
 * (ET_STACK_HOME/bin, as the stack scripts build theirs). Built under a temporary name and renamed,
 * so jest workers building at the same time never run a half-written file.
 */
function binary(): Promise<string> {
  built ??= (async () => {
    const hash = createHash('sha256');
    for (const file of SOURCES) hash.update(file).update(readFileSync(join(SOURCE, file)));
    const home = process.env.ET_STACK_HOME || join(homedir(), '.cache', 'event-tickets');
    const dir = join(home, 'bin');
    const path = join(dir, `kafka-go-member-${hash.digest('hex').slice(0, 16)}`);
    if (existsSync(path)) return path;
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.tmp-${randomUUID()}`;
    try {
      await promisify(execFile)('go', ['build', '-buildvcs=false', '-trimpath', '-o', tmp, '.'], {
        cwd: SOURCE,
        timeout: 600_000,
      });
      renameSync(tmp, path);
    } catch (error) {
      rmSync(tmp, { force: true });
      built = undefined;
      throw new Error(
        `building the kafka-go member (go build in ${SOURCE}; Go >= 1.22 needed): ${String(error)}`,
      );
    }
    return path;
  })();
  return built;
}

/**
 * Starts a consumer made with kafka-go v0.4.48 and configured as the original's Go services
 * configure theirs (libs/testing/go/kafka-go-member), in consumer group `groupId` on `topic`.
 * Resolves once it joined and the broker lists it among the group's members.
 */
export async function startKafkaGoMember(o: KafkaGoMemberOptions): Promise<KafkaGoMember> {
  const path = await binary();
  await createTopics([o.topic, ...(o.forwardSendTicketTo ? [o.forwardSendTicketTo] : [])]);
  const args = [
    '-brokers',
    process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    '-group',
    o.groupId,
    '-topic',
    o.topic,
  ];
  if (o.forwardSendTicketTo) args.push('-forward-send-ticket', o.forwardSendTicketTo);
  const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  void exited.then(() => running.delete(child));

  const received: KafkaGoMessage[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.trim()) received.push(JSON.parse(line) as KafkaGoMessage);
  });
  const log: string[] = [];
  let memberId = '';
  let joined!: () => void;
  const firstJoin = new Promise<void>((done) => (joined = done));
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (line.includes('no messages received from kafka within the allocated time')) return; // idle fetches
    log.push(line);
    if (log.length > 200) log.shift();
    const join = / as member (.+) in generation \d+$/.exec(line);
    if (join) {
      memberId = join[1]!;
      joined();
    }
  });

  const member: KafkaGoMember = {
    get memberId() {
      return memberId;
    },
    received,
    stop: () => signal(child, 'SIGTERM', exited),
    kill: () => signal(child, 'SIGKILL', exited),
  };
  try {
    await inGroup(o, firstJoin, exited, () => memberId);
  } catch (error) {
    await member.kill();
    throw new Error(`${String(error)}\n${log.slice(-20).join('\n')}`);
  }
  return member;
}

async function signal(child: ChildProcess, sig: NodeJS.Signals, exited: Promise<void>) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(sig);
  await exited;
}

/** Waits for its first join, then for the broker to list it in the group, stable. */
async function inGroup(
  o: KafkaGoMemberOptions,
  firstJoin: Promise<void>,
  exited: Promise<void>,
  id: () => string,
) {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the kafka-go member did not join ${o.groupId} in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const died = exited.then(() => {
    throw new Error('the kafka-go member exited');
  });
  try {
    await Promise.race([firstJoin, late, died]);
  } finally {
    clearTimeout(timer);
  }
  const admin = testKafka().admin();
  await admin.connect();
  try {
    let seen = '';
    while (Date.now() < deadline) {
      const [group] = (await admin.describeGroups([o.groupId])).groups;
      if (group?.state === 'Stable' && group.members.some((m) => m.memberId === id())) return;
      seen = `${group?.state} ${group?.members.map((m) => m.memberId).join(', ')}`;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(
      `the kafka-go member ${id()} is not listed in ${o.groupId} after ${timeoutMs} ms: ${seen}`,
    );
  } finally {
    await admin.disconnect();
  }
}
