import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@event-tickets/testing';

const root = resolve(__dirname, '../../../../..');
const checkDeploy = join(root, 'scripts/check-deploy.sh');

interface ScrapeConfig {
  job_name: string;
  static_configs: { targets: string[] }[];
}
interface PrometheusConfig {
  global: Record<string, unknown>;
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
}

/** A YAML file of the repo as JSON (through scripts/check-deploy.sh: Python's YAML, no npm package). */
export function yamlFile<T>(path: string): T {
  return JSON.parse(
    execFileSync('bash', [checkDeploy, 'yaml-json', path], { cwd: root, encoding: 'utf8' }),
  ) as T;
}

export interface RunningPrometheus {
  url: string;
  config: PrometheusConfig;
  query<T = { metric: Record<string, string>; value: [number, string] }[]>(promql: string): Promise<T>;
  get<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus (the Debian package, installed by scripts/check-deploy.sh if missing) on a free
 * port, running observability/prometheus/prometheus.local.yml — its jobs and rules — with each
 * app's target moved to the port the test started it on.
 */
export async function startPrometheus(ports: Record<string, number>): Promise<RunningPrometheus> {
  execFileSync('bash', [checkDeploy, 'provision'], { cwd: root, stdio: 'inherit' });
  const config = yamlFile<PrometheusConfig>('observability/prometheus/prometheus.local.yml');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
  config.global = {
    ...config.global,
    scrape_interval: '1s',
    scrape_timeout: '1s',
    evaluation_interval: '1s',
  };
  config.rule_files = config.rule_files.map((f) => join(root, 'observability/prometheus', f));
  for (const job of config.scrape_configs) {
    const target =
      ports[job.job_name] !== undefined ? `127.0.0.1:${ports[job.job_name]}` : `127.0.0.1:${port}`;
    job.static_configs = [{ targets: [target] }];
  }
  const file = join(dir, 'prometheus.json.yml');
  writeFileSync(file, JSON.stringify(config, null, 2));
  execFileSync('promtool', ['check', 'config', file], { stdio: 'pipe' });
  const output: string[] = [];
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${file}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited:\n${output.join('').slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`prometheus not ready:\n${output.join('').slice(-3000)}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const get = async <T>(path: string): Promise<T> => {
    const body = (await (await fetch(`${url}${path}`)).json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error}`);
    return body.data;
  };
  return {
    url,
    config,
    get,
    query: async <T>(promql: string) =>
      (await get<{ result: T }>(`/api/v1/query?query=${encodeURIComponent(promql)}`)).result,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
