export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A keep-alive connection the server closed while this process could not notice (a test that ran a
 * blocking command, such as restarting a server, for longer than the server keeps idle connections):
 * the next request on it fails before the server sees it.
 */
function staleConnection(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code === 'UND_ERR_SOCKET' || cause?.message === 'other side closed';
}

type Options = { body?: unknown; token?: string; headers?: Record<string, string> };

/**
 * A JSON request as a client of the platform makes it. A GET that met a stale keep-alive connection
 * is sent once more on a fresh one, as HTTP clients do for idempotent requests.
 */
export async function http<T = Record<string, unknown>>(
  method: string,
  url: string,
  options: Options = {},
): Promise<HttpResult<T>> {
  try {
    return await send<T>(method, url, options);
  } catch (error) {
    if (method !== 'GET' || !staleConnection(error)) throw error;
    return send<T>(method, url, options);
  }
}

async function send<T>(method: string, url: string, options: Options): Promise<HttpResult<T>> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}
