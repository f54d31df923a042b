import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where an app's main thread spent its CPU, from the .cpuprofile files Node writes with `--cpu-prof`
 * (V8's format: a call tree of nodes with their call frame, and the samples, each a node id, with the
 * microseconds since the previous sample). Only samples inside a time window count: V8 stamps them on
 * the monotonic clock `process.hrtime` reads, so the bench can cut out the capacity run.
 */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  function: string;
  package: string;
  where: string;
  /** Share of the window's busy samples (0..1). */
  share: number;
}

/**
 * Shares rather than milliseconds: a sample's interval is wall time, which on a busy machine includes
 * time the thread waited for a core; the CPU time itself is better read from /proc (cpu.ts).
 */
export interface CpuSummary {
  /** Busy main-thread milliseconds sampled in the window (idle samples left out). */
  sampledMs: number;
  /** Share per package (see packageOf), most first. */
  packages: { package: string; share: number }[];
  /** The functions with most self time, most first. */
  functions: SelfTime[];
}

/** Microseconds on the clock a .cpuprofile's timestamps use. */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * The package a frame belongs to: `node_modules/<pkg>` (scoped ones whole), `node:internal` for
 * Node's own JavaScript, `app:<name>` / `lib:<name>` for this repository's built code, `gc` for the
 * garbage collector, `native` for the rest without a script (Node's C++ bindings such as `writev`,
 * V8 builtins, and `(program)`: time outside JavaScript).
 */
export function packageOf(frame: CallFrame): string {
  const { url } = frame;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : first!;
  }
  if (url.startsWith('node:')) return 'node:internal';
  const own = /\/dist\/(apps|libs)\/([^/]+)\//.exec(url);
  if (own) return `${own[1] === 'apps' ? 'app' : 'lib'}:${own[2]}`;
  if (url) return 'other';
  return frame.functionName === '(garbage collector)' ? 'gc' : 'native';
}

/** Self time per function and per package over all profiles in `dir`, inside [fromUs, toUs]. */
export function summariseCpuProfiles(dir: string, fromUs: number, toUs: number, top = 15): CpuSummary {
  const perFunction = new Map<string, Omit<SelfTime, 'share'> & { us: number }>();
  const perPackage = new Map<string, number>();
  let busyUs = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    let t = profile.startTime;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      t += delta;
      const frame = nodes.get(id);
      if (t < fromUs || t > toUs || !frame || frame.functionName === '(idle)') return;
      busyUs += delta;
      const pkg = packageOf(frame);
      perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + delta);
      const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
      const key = `${frame.functionName}@${where}`;
      const entry = perFunction.get(key) ?? {
        function: frame.functionName || '(anonymous)',
        package: pkg,
        where,
        us: 0,
      };
      entry.us += delta;
      perFunction.set(key, entry);
    });
  }
  const share = (us: number) => +(us / Math.max(busyUs, 1)).toFixed(4);
  return {
    sampledMs: Math.round(busyUs / 1000),
    packages: [...perPackage]
      .map(([pkg, us]) => ({ package: pkg, share: share(us) }))
      .sort((a, b) => b.share - a.share),
    functions: [...perFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(({ us, ...f }) => ({ ...f, share: share(us) })),
  };
}

/** The path from the package (or the repository's dist) on, without the machine's directories. */
function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
}
