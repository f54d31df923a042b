import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';

/** One JSON error shape for every app; `message` is the field the original services answer with. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  errors?: { field: string; messages: string[] }[];
  details?: Record<string, unknown>;
  path: string;
  timestamp: string;
  traceId?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Fastify's own client errors (bad JSON, wrong content type, body too large) carry a statusCode. */
function isClientError(e: unknown): e is { statusCode: number; message: string; code?: string } {
  const s = (e as { statusCode?: unknown })?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 500;
}

/**
 * Fastify's body-parsing refusals, by message: Nest hands them to filters as plain HttpExceptions
 * (message and status, no code). Undecodable JSON answers the original events' "Body is invalid".
 */
const UNDECODABLE = new Map<string, string>([
  [new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY().message, 'malformed JSON'],
  [new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY().message, 'empty body'],
]);
const BODY_IS_INVALID = 'Body is invalid';

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const body = this.toBody(exception, request);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, path: body.path, method: request.method }, 'request failed');
    }
    if (body.traceId) void reply.header('x-trace-id', body.traceId);
    const retryAfter = body.details?.retryAfter;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    const base = {
      path: request.url.split('?')[0] ?? request.url,
      timestamp: new Date().toISOString(),
      traceId: trace.getActiveSpan()?.spanContext().traceId,
    };
    if (exception instanceof DomainError) {
      return {
        statusCode: exception.status,
        error: TITLES[exception.status] ?? 'Error',
        message: exception.message,
        code: exception.code,
        ...(exception.details ? { details: exception.details } : {}),
        ...base,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const extra = typeof response === 'object' ? (response as Record<string, unknown>) : {};
      if (Array.isArray(raw)) {
        const errors = (extra.errors as ErrorBody['errors']) ?? undefined;
        return {
          statusCode: status,
          error: TITLES[status] ?? 'Error',
          message: raw.join(', '),
          errors,
          ...base,
        };
      }
      const reason = typeof raw === 'string' && status === 400 ? UNDECODABLE.get(raw) : undefined;
      if (reason) {
        return {
          statusCode: 400,
          error: TITLES[400]!,
          message: BODY_IS_INVALID,
          details: { reason },
          ...base,
        };
      }
      return {
        statusCode: status,
        error: TITLES[status] ?? 'Error',
        message: typeof raw === 'string' ? raw : exception.message,
        ...(typeof extra.code === 'string' ? { code: extra.code } : {}),
        ...base,
      };
    }
    if (isClientError(exception)) {
      const status = exception.statusCode;
      const message =
        exception.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'Content-Type must be application/json'
          : exception.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'request body is too large'
            : exception instanceof SyntaxError ||
                exception.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
                exception.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
              ? BODY_IS_INVALID
              : exception.message;
      return { statusCode: status, error: TITLES[status] ?? 'Error', message, code: exception.code, ...base };
    }
    return { statusCode: 500, error: TITLES[500]!, message: 'internal server error', ...base };
  }
}
