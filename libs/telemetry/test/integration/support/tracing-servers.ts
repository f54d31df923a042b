import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { freePort } from '@event-tickets/testing';

const root = resolve(__dirname, '../../../../..');

interface Server {
  stop(): Promise<void>;
  output(): string;
}

function run(bin: string, args: string[]): { child: ChildProcess; output: () => string } {
  const lines: string[] = [];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => lines.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => lines.push(d.toString()));
  return { child, output: () => lines.join('') };
}

async function until(url: string, child: ChildProcess, output: () => string, what: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited:\n${output().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`${what} not ready:\n${output().slice(-3000)}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const stopper = (child: ChildProcess) => async () => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};

/** The collector and Jaeger, built from their Go modules by scripts/check-deploy.sh (cached). */
export function tracingServerBinaries(): { collector: string; jaeger: string } {
  const out = execFileSync('bash', [join(root, 'scripts/check-deploy.sh'), 'tracing-servers'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const path = (key: string) => out.match(new RegExp(`^${key}=(.+)$`, 'm'))![1]!;
  return { collector: path('COLLECTOR'), jaeger: path('JAEGER') };
}

/** Jaeger all-in-one (in-memory storage), every port on 127.0.0.1 and free. */
export async function startJaeger(bin: string): Promise<Server & { queryUrl: string; otlpGrpc: string }> {
  const p = Object.fromEntries(
    await Promise.all(
      [
        'otlpGrpc',
        'otlpHttp',
        'grpc',
        'http',
        'admin',
        'query',
        'queryGrpc',
        'sampling',
        'binary',
        'compact',
        'zipkin',
      ].map(async (k) => [k, await freePort()] as const),
    ),
  );
  const at = (port: number) => `127.0.0.1:${port}`;
  const { child, output } = run(bin, [
    `--collector.otlp.grpc.host-port=${at(p.otlpGrpc!)}`,
    `--collector.otlp.http.host-port=${at(p.otlpHttp!)}`,
    `--collector.grpc-server.host-port=${at(p.grpc!)}`,
    `--collector.http-server.host-port=${at(p.http!)}`,
    `--admin.http.host-port=${at(p.admin!)}`,
    `--query.http-server.host-port=${at(p.query!)}`,
    `--query.grpc-server.host-port=${at(p.queryGrpc!)}`,
    `--http-server.host-port=${at(p.sampling!)}`,
    `--processor.jaeger-binary.server-host-port=${at(p.binary!)}`,
    `--processor.jaeger-compact.server-host-port=${at(p.compact!)}`,
    `--processor.zipkin-compact.server-host-port=${at(p.zipkin!)}`,
  ]);
  await until(`http://${at(p.admin!)}/`, child, output, 'jaeger');
  return { queryUrl: `http://${at(p.query!)}`, otlpGrpc: at(p.otlpGrpc!), output, stop: stopper(child) };
}

/**
 * The collector with the repo's config (observability/collector/otel-collector.yml), only its
 * listen addresses and the Jaeger endpoint moved (`--set`), as compose would run it.
 */
export async function startCollector(
  bin: string,
  jaegerOtlpGrpc: string,
): Promise<Server & { otlpHttpUrl: string }> {
  const [http, grpc, health, metrics] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const { child, output } = run(bin, [
    `--config=${join(root, 'observability/collector/otel-collector.yml')}`,
    `--set=receivers::otlp::protocols::http::endpoint=127.0.0.1:${http}`,
    `--set=receivers::otlp::protocols::grpc::endpoint=127.0.0.1:${grpc}`,
    `--set=extensions::health_check::endpoint=127.0.0.1:${health}`,
    `--set=exporters::otlp/jaeger::endpoint=${jaegerOtlpGrpc}`,
    `--config=yaml:service::telemetry::metrics::readers: [{pull: {exporter: {prometheus: {host: 127.0.0.1, port: ${metrics}}}}}]`,
  ]);
  await until(`http://127.0.0.1:${health}/`, child, output, 'collector');
  return { otlpHttpUrl: `http://127.0.0.1:${http}`, output, stop: stopper(child) };
}
