/**
 * Load generators, run in a child process (`node -r @swc-node/register bench/load.ts <spec.json>`) so the
 * measuring process does not compete with them on the event loop. Prints one JSON result line.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

interface HttpLoad {
  kind: 'autocannon';
  url: string;
  connections: number;
  durationSeconds: number;
  /** Requests per second over all connections (default: as fast as answers come). */
  overallRate?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Several bodies, cycled (e.g. different logins). */
  bodies?: string[];
}

interface Requests {
  kind: 'requests';
  /**
   * One request per entry, with at most `concurrency` in flight: all at once (closed loop), or, with
   * `ratePerSecond`, started on a fixed schedule whatever the answers take (open loop, as buyers arrive).
   */
  requests: { url: string; method: string; headers: Record<string, string>; body?: string; tag?: string }[];
  concurrency: number;
  ratePerSecond?: number;
  /**
   * A 503 with `Retry-After` is sent again after the wait it asks (at most 10 times), as a buyer's
   * browser would; the request's time is then from its first try to its final answer.
   */
  honourRetryAfter?: boolean;
}

const MAX_RETRIES = 10;

async function runAutocannon(spec: HttpLoad) {
  let i = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    overallRate: spec.overallRate,
    method: (spec.method ?? 'GET') as 'GET',
    headers: spec.headers,
    body: spec.body,
    requests: spec.bodies
      ? [{ setupRequest: (req) => ({ ...req, body: spec.bodies![i++ % spec.bodies!.length] }) }]
      : undefined,
  });
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p95: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    non2xx: result.non2xx,
  };
}

async function runRequests(spec: Requests) {
  const results: {
    tag?: string;
    status: number;
    ms: number;
    startedAt: number;
    body: string;
    retries: number;
  }[] = [];
  let next = 0;
  const t0 = Date.now();
  const worker = async () => {
    while (next < spec.requests.length) {
      const i = next++;
      const r = spec.requests[i]!;
      if (spec.ratePerSecond) {
        const due = t0 + (i * 1000) / spec.ratePerSecond;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      }
      const startedAt = Date.now();
      let retries = 0;
      try {
        for (;;) {
          const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
          const body = (await res.text()).slice(0, 300);
          const retryAfter = res.headers.get('retry-after');
          const wait = Number(retryAfter);
          if (
            spec.honourRetryAfter &&
            res.status === 503 &&
            retryAfter &&
            wait >= 0 &&
            retries < MAX_RETRIES
          ) {
            retries += 1;
            await new Promise((resolve) => setTimeout(resolve, wait * 1000));
            continue;
          }
          results.push({
            tag: r.tag,
            status: res.status,
            ms: Date.now() - startedAt,
            startedAt,
            body,
            retries,
          });
          break;
        }
      } catch (error) {
        results.push({
          tag: r.tag,
          status: 0,
          ms: Date.now() - startedAt,
          startedAt,
          body: String(error),
          retries,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  return { results };
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as HttpLoad | Requests;
(spec.kind === 'autocannon' ? runAutocannon(spec) : runRequests(spec))
  .then((r) => process.stdout.write(`${JSON.stringify(r)}\n`))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
