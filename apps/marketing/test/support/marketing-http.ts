import { signToken } from '@event-tickets/testing';

export interface Lead {
  id: string;
  email: string;
  converted: boolean;
  language: string;
  source?: string;
  campaign?: string;
  medium?: string;
  convertedAt?: string;
  createdAt: string;
  updatedAt: string;
}

export interface Rates {
  total: number;
  converted: number;
  conversionRate: number;
  other?: boolean;
}

export type Stats = Rates & {
  from: string | null;
  to: string | null;
  byOrigin: (Rates & { origin: string | null })[];
  byLanguage: (Rates & { language: string | null })[];
  bySource: (Rates & { source: string | null })[];
  byCampaign: (Rates & { campaign: string | null })[];
  byMedium: (Rates & { medium: string | null })[];
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  errors?: { field: string; messages: string[] }[];
  path: string;
  timestamp: string;
}

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  json<T = ErrorBody>(): T;
}

/** A small HTTP client for one running marketing app. */
export function marketingHttp(baseUrl: () => string) {
  const call = async (
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<Res> => {
    const { body, token } = options;
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
  };
  return {
    call,
    postLead: (body: Record<string, unknown>, headers?: Record<string, string>) =>
      call('POST', '/leads', { body, headers }),
    /** With an ADMIN token: only an admin may post a converted lead. */
    postLeadAsAdmin: async (body: Record<string, unknown>) =>
      call('POST', '/leads', { body, token: await adminToken() }),
    /** The value of a counter in GET /metrics (0 when absent). */
    metric: async (name: string, labels: Record<string, string>) => {
      const text = (await call('GET', '/metrics')).text;
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
        );
      return line ? Number(line.split(' ').pop()) : 0;
    },
  };
}

export const adminToken = () => signToken({ id: 'admin-1', email: 'admin@example.com', role: 'ADMIN' });
export const publicToken = () => signToken({ id: 'user-1', email: 'user@example.com', role: 'PUBLIC' });
