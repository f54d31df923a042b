import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { z } from 'zod';
import { createServiceApp, listenService, type ServiceDefinition } from '@event-tickets/service-kit';

export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  /** With INTERNAL_PORT set (`'0'`: a free one): the URL of the internal port. */
  internalUrl?: string;
  close(): Promise<void>;
}

/** Boots a real app (real servers behind it) on a free port. */
export async function startApp<S extends z.ZodTypeAny>(
  def: ServiceDefinition<S>,
  env: Record<string, string | undefined> = {},
): Promise<RunningApp> {
  const app = await createServiceApp(def, { PORT: '0', HOST: '127.0.0.1', ...env });
  // A start that fails (a server refusing the app's credentials) must not leave its pools open.
  const { url, internalPort } = await listenService(app, 0, '127.0.0.1').catch(async (error: unknown) => {
    await app.close().catch(() => undefined);
    throw error;
  });
  return {
    app,
    url: url.replace('[::1]', '127.0.0.1'),
    internalUrl: internalPort === undefined ? undefined : `http://127.0.0.1:${internalPort}`,
    close: () => app.close(),
  };
}

/** A unique name per test run, for databases, topics, groups and emails. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
