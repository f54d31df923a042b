import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * `scheme://user:password@host` -> `scheme://***@host`: a URL's credentials (MONGODB_URL, EVENTS_URL...)
 * never reach an error message or a log. Everything up to the last `@` of the authority goes, so a
 * password with an unencoded `@` goes too.
 */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/?#\s"]*@/gi, '$1***@');
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    const redacted = problems.map(redactCredentials);
    super(`Invalid configuration (${redacted.length}): ${redacted.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = redacted;
  }
}

/** Secrets may come from files; other `*_FILE` variables of the environment are not ours to read. */
const SECRET_NAME = /(PASSWORD|PASS|SECRET|KEYS?|TOKEN)$/;

/**
 * `X_FILE=/run/secrets/x` (Docker secrets) supplies the secret X when X itself is not set.
 * Returns the problems of unreadable files instead of throwing, so they are reported with the rest.
 */
function resolveFileVariables(raw: Record<string, string | undefined>, problems: string[]) {
  const env = { ...raw };
  for (const [key, path] of Object.entries(raw)) {
    if (!key.endsWith('_FILE') || !path) continue;
    const target = key.slice(0, -'_FILE'.length);
    if (!SECRET_NAME.test(target)) continue;
    if (env[target] !== undefined && env[target] !== '') continue;
    try {
      env[target] = readFileSync(path, 'utf8').trim();
    } catch (error) {
      problems.push(`${key}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return env;
}

/** Validates the whole environment at once; the error names every bad variable. */
export function parseEnv<S extends z.ZodTypeAny>(
  schema: S,
  raw: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const problems: string[] = [];
  const env = resolveFileVariables(raw, problems);
  // An empty variable counts as unset, as in the original's .env examples.
  for (const key of Object.keys(env)) if (env[key] === '') delete env[key];
  const result = schema.safeParse(env);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.join('.') || '(environment)';
      const got = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
      const secret = /PASS|SECRET|KEY|TOKEN/i.test(key);
      problems.push(`${key}: ${issue.message}${got !== undefined && !secret ? ` (got "${got}")` : ''}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return result.data;
}
