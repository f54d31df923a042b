/** How tracing starts in this process, decided from the standard `OTEL_*` variables alone. */
export interface TracingSettings {
  /**
   * On when spans go somewhere (an OTLP endpoint or an exporter is configured) or when
   * `OTEL_TRACES_ENABLED=true` asks for trace ids without export; always off with
   * `OTEL_SDK_DISABLED=true`. The instrumentation costs CPU on every request (about 40% of a
   * catalogue read here), so a deployment that exports nothing does not pay for it.
   */
  enabled: boolean;
  /** `OTEL_SERVICE_NAME`, else the app the main module belongs to (`apps/<app>/...`), else `event-tickets`. */
  serviceName: string;
  /**
   * `env`: the SDK builds its exporter from `OTEL_TRACES_EXPORTER` / `OTEL_EXPORTER_OTLP_*`.
   * `none`: no endpoint and no exporter named: new traces get ids (they reach logs, error bodies
   * and Kafka headers) but are not recorded nor sent anywhere — nothing waits for a collector.
   */
  export: 'env' | 'none';
  /** Root sampling ratio from `OTEL_TRACES_SAMPLER=(parentbased_)traceidratio` and its argument. */
  ratio: number;
}

type Env = Record<string, string | undefined>;

const set = (v: string | undefined) => v !== undefined && v.trim() !== '';

/** The app folder a main module lives in: `/x/apps/users/src/main.ts`, `/app/dist/apps/users/src/main.js`. */
export function appFromPath(path: string | undefined): string | undefined {
  return path?.replace(/\\/g, '/').match(/(?:^|\/)apps\/([a-z0-9-]+)\//)?.[1];
}

export function tracingSettings(env: Env, mainPath?: string): TracingSettings {
  const exporterNamed = set(env.OTEL_TRACES_EXPORTER);
  const endpoint = set(env.OTEL_EXPORTER_OTLP_ENDPOINT) || set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const sampler = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() ?? '';
  const arg = Number(env.OTEL_TRACES_SAMPLER_ARG);
  const ratio = sampler.endsWith('traceidratio') && Number.isFinite(arg) ? Math.min(1, Math.max(0, arg)) : 1;
  return {
    enabled:
      env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true' &&
      (exporterNamed || endpoint || env.OTEL_TRACES_ENABLED?.trim().toLowerCase() === 'true'),
    serviceName: env.OTEL_SERVICE_NAME?.trim() || appFromPath(mainPath) || 'event-tickets',
    export: exporterNamed || endpoint ? 'env' : 'none',
    ratio,
  };
}
