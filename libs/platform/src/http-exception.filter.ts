import { STATUS_CODES } from 'node:http';
import {
  Catch,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  Optional,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { Request, Response } from 'express';
import { CORRELATION_HEADER, currentCorrelationId } from './correlation-context.js';

/** One field that failed, e.g. `{ path: 'events.3.components.0.kind', reason: 'kind must be one of …' }`. */
export interface HttpErrorDetail {
  path: string;
  reason: string;
}

/** The one shape every error response of our HTTP services has. */
export interface HttpErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: HttpErrorDetail[];
}

/**
 * An HttpException that carries field errors and response headers (e.g. `Retry-After`), so the code that
 * knows them does not have to write to the response itself.
 */
export class HttpProblemException extends HttpException {
  constructor(
    status: number,
    message: string,
    readonly details: { errors?: HttpErrorDetail[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    const body: HttpErrorBody = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
    if (details.errors) body.errors = details.errors;
    super(body, status, { cause: details.cause });
  }

  get headers(): Record<string, string> {
    return this.details.headers ?? {};
  }
}

export interface HttpExceptionFilterOptions {
  /**
   * Turns an app's own error type into an HttpException (e.g. an exhaustive switch over its error codes).
   * Return undefined for errors it does not know; those become 500s.
   */
  mapError?: (error: unknown) => HttpException | undefined;
  /** Sees every error response as sent, e.g. to count rejections by reason. */
  onErrorResponse?: (body: HttpErrorBody, request: Request) => void;
}

export const HTTP_EXCEPTION_FILTER_OPTIONS = Symbol('HTTP_EXCEPTION_FILTER_OPTIONS');

/** Flattens class-validator's tree into one entry per failing constraint, with dotted paths. */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): HttpErrorDetail[] {
  return errors.flatMap((error) => {
    const path = [prefix, error.property].filter((part) => part !== undefined && part !== '').join('.');
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ path: path || 'body', reason }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/** `ValidationPipe`'s exceptionFactory: a 400 listing every failing field at once. */
export function validationExceptionFactory(errors: ValidationError[]): HttpProblemException {
  return new HttpProblemException(HttpStatus.BAD_REQUEST, 'Validation failed', {
    errors: flattenValidationErrors(errors),
  });
}

/** What body-parser's error `type`s mean to a client; anything else it raises falls back to its own status. */
const BODY_PARSER_ERRORS: Record<string, { status: number; message: (error: BodyParserError) => string }> = {
  'entity.too.large': {
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    message: (error) =>
      `request body is larger than the limit${typeof error.limit === 'number' ? ` of ${error.limit} bytes` : ''}`,
  },
  'entity.parse.failed': { status: HttpStatus.BAD_REQUEST, message: () => 'body is not valid JSON' },
  'encoding.unsupported': { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, message: (error) => error.message },
  'charset.unsupported': { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, message: (error) => error.message },
  'request.aborted': {
    status: HttpStatus.BAD_REQUEST,
    message: () => 'request was aborted before its body arrived',
  },
  'request.size.invalid': {
    status: HttpStatus.BAD_REQUEST,
    message: () => 'request body does not match its Content-Length',
  },
};

/** body-parser raises http-errors: a `type` naming the failure, a status, and whether the message is safe to show. */
interface BodyParserError extends Error {
  type: string;
  status: number;
  expose: boolean;
  limit?: number;
}

function asBodyParserError(error: unknown): BodyParserError | undefined {
  // Nest's Express adapter wraps it in an HttpException (as the cause) before filters see it.
  const candidate = error instanceof HttpException && error.cause !== undefined ? error.cause : error;
  const fields = candidate as Partial<BodyParserError>;
  if (
    candidate instanceof Error &&
    typeof fields.type === 'string' &&
    typeof fields.status === 'number' &&
    typeof fields.expose === 'boolean'
  ) {
    return candidate as BodyParserError;
  }
  return undefined;
}

function fromBodyParser(error: BodyParserError): HttpException | undefined {
  const known = BODY_PARSER_ERRORS[error.type];
  if (known) return new HttpProblemException(known.status, known.message(error), { cause: error });
  if (error.status >= 400 && error.status < 500) {
    return new HttpProblemException(
      error.status,
      error.expose ? error.message : (STATUS_CODES[error.status] ?? 'Bad Request'),
      { cause: error },
    );
  }
  return undefined;
}

/** Normalises whatever an HttpException carries (a string, Nest's default body, our body) into our shape. */
function toBody(exception: HttpException): HttpErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const fallback = STATUS_CODES[status] ?? 'Error';
  if (typeof response === 'string') return { statusCode: status, error: fallback, message: response };
  const raw = response as { error?: unknown; message?: unknown; errors?: unknown };
  const body: HttpErrorBody = {
    statusCode: status,
    error: typeof raw.error === 'string' ? raw.error : fallback,
    message:
      typeof raw.message === 'string'
        ? raw.message
        : Array.isArray(raw.message)
          ? raw.message.join('; ')
          : fallback,
  };
  if (Array.isArray(raw.errors)) body.errors = raw.errors as HttpErrorDetail[];
  return body;
}

/**
 * Global filter for the HTTP services: every error leaves in one JSON shape. Client mistakes are answered
 * as such — body-parser's too large / not JSON / bad encoding included — so bad input never shows up as a
 * 500, and a real 500 is logged with its correlation id and answered without internals.
 * Register it with `{ provide: APP_FILTER, useClass: HttpExceptionFilter }` (options optional).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(
    @Optional()
    @Inject(HTTP_EXCEPTION_FILTER_OPTIONS)
    private readonly options: HttpExceptionFilterOptions = {},
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    // Only HTTP has a response to shape; other transports keep their own handling.
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const known = this.toHttpException(exception);
    let body: HttpErrorBody;
    if (known) {
      body = toBody(known);
    } else {
      body = {
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        error: 'Internal Server Error',
        message: 'internal error',
      };
      this.logger.error({
        msg: 'unhandled error',
        // Body-parser callbacks may run outside the request's async context, so fall back to the header.
        correlationId: currentCorrelationId() ?? request.header(CORRELATION_HEADER),
        method: request.method,
        path: request.path,
        error: exception instanceof Error ? exception.message : String(exception),
        stack: exception instanceof Error ? exception.stack : undefined,
      });
    }
    this.options.onErrorResponse?.(body, request);
    if (response.headersSent) {
      // Too late for a status; ending the response is all that is left.
      response.end();
      return;
    }
    if (known instanceof HttpProblemException) response.set(known.headers);
    response.status(body.statusCode).json(body);
  }

  private toHttpException(exception: unknown): HttpException | undefined {
    if (exception instanceof HttpProblemException) return exception;
    const bodyParserError = asBodyParserError(exception);
    if (bodyParserError) {
      const mapped = fromBodyParser(bodyParserError);
      if (mapped) return mapped;
    }
    const mapped = this.options.mapError?.(exception);
    if (mapped) return mapped;
    return exception instanceof HttpException ? exception : undefined;
  }
}
