import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the CPU goes during a scenario: CPU seconds of each process tree (an app, PostgreSQL with
 * its backends, Kafka, FerretDB, Mailpit), read from /proc before and after, and how busy the
 * machine's cores were. Linux only; elsewhere the numbers are empty.
 */
const TICK = 100; // USER_HZ, 100 on Linux
const STACK = ['postgres', 'kafka', 'ferretdb', 'mail'] as const;

interface Proc {
  ppid: number;
  ticks: number;
}

function processes(): Map<number, Proc> {
  const all = new Map<number, Proc>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17): comm may hold spaces.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      all.set(Number(entry), {
        ppid: Number(f[1]),
        ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
      });
    } catch {
      /* exited meanwhile */
    }
  }
  return all;
}

/** CPU seconds used so far by the tree under pid (reaped children included). */
function treeSeconds(all: Map<number, Proc>, root: number): number {
  let ticks = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    ticks += all.get(pid)?.ticks ?? 0;
    for (const [child, p] of all) if (p.ppid === pid) stack.push(child);
  }
  return ticks / TICK;
}

function machineBusy(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const idle = cpu[3]! + cpu[4]!;
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function stackPid(component: string): number | undefined {
  const dir = process.env.EVENT_TICKETS_HOME ?? join(homedir(), '.cache/event-tickets');
  try {
    return Number(readFileSync(join(dir, 'run', `${component}.pid`), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

export interface CpuUsage {
  /** CPU seconds per process tree during the window. */
  seconds: Record<string, number>;
  /** Share of all cores busy during the window (0..1), whoever used them. */
  machineBusy: number;
  wallSeconds: number;
}

/** Starts a measurement window over the given named processes plus the local stack's servers. */
export function cpuWindow(apps: Record<string, number | undefined>): () => CpuUsage {
  const named: Record<string, number> = {};
  for (const [name, pid] of Object.entries(apps)) if (pid) named[name] = pid;
  for (const c of STACK) {
    const pid = stackPid(c);
    if (pid) named[c] = pid;
  }
  const sample = () => {
    const all = processes();
    return Object.fromEntries(Object.entries(named).map(([n, pid]) => [n, treeSeconds(all, pid)]));
  };
  const before = sample();
  const machineBefore = machineBusy();
  const t0 = Date.now();
  return () => {
    const after = sample();
    const machineAfter = machineBusy();
    return {
      seconds: Object.fromEntries(Object.keys(named).map((n) => [n, +(after[n]! - before[n]!).toFixed(2)])),
      machineBusy: +(
        (machineAfter.busy - machineBefore.busy) /
        Math.max(1, machineAfter.total - machineBefore.total)
      ).toFixed(3),
      wallSeconds: (Date.now() - t0) / 1000,
    };
  };
}
