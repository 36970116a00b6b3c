import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import {
  BadRequestException,
  HttpException,
  HttpStatus,
  NotFoundException,
  type ArgumentsHost,
} from '@nestjs/common';
import { IsInt, ValidateNested } from 'class-validator';
import { Type, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Request, Response } from 'express';
import {
  HttpExceptionFilter,
  HttpProblemException,
  validationExceptionFactory,
  type HttpErrorBody,
  type HttpExceptionFilterOptions,
} from './http-exception.filter.js';

class RecordedResponse {
  statusCode = 200;
  body: unknown;
  headers: Record<string, string> = {};
  headersSent = false;
  ended = false;
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  set(headers: Record<string, string>) {
    Object.assign(this.headers, headers);
    return this;
  }
  json(body: unknown) {
    this.body = body;
    return this;
  }
  end() {
    this.ended = true;
  }
}

function run(exception: unknown, options?: HttpExceptionFilterOptions) {
  const response = new RecordedResponse();
  const request = { method: 'POST', path: '/v1/events', header: () => undefined } as unknown as Request;
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response as unknown as Response }),
  } as unknown as ArgumentsHost;
  new HttpExceptionFilter(options).catch(exception, host);
  return response;
}

/** What body-parser raises (http-errors), as Nest's Express adapter hands it on: wrapped, as the cause. */
function bodyParserError(type: string, status: number, message: string, extra: object = {}) {
  const error = Object.assign(new Error(message), {
    type,
    status,
    statusCode: status,
    expose: true,
    ...extra,
  });
  return new HttpException(message, status, { cause: error });
}

describe('HttpExceptionFilter', () => {
  it('answers a too-large body with 413', () => {
    const response = run(
      bodyParserError('entity.too.large', 413, 'request entity too large', { limit: 1048576 }),
    );
    expect(response.statusCode).toBe(413);
    expect(response.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body is larger than the limit of 1048576 bytes',
    });
  });

  it('answers a body that is not JSON with 400', () => {
    const response = run(
      bodyParserError('entity.parse.failed', 400, 'Unexpected token } in JSON at position 3'),
    );
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'body is not valid JSON',
    });
  });

  it('answers an unsupported content encoding with 415, also when body-parser raised it unwrapped', () => {
    const wrapped = bodyParserError('encoding.unsupported', 415, 'unsupported content encoding "br2"');
    const response = run(wrapped.cause);
    expect(response.statusCode).toBe(415);
    expect(response.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'unsupported content encoding "br2"',
    });
  });

  it('passes HttpExceptions through in the common shape', () => {
    expect(run(new NotFoundException('no station X')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'no station X',
    });
    expect(run(new HttpException('plain text', HttpStatus.CONFLICT)).body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'plain text',
    });
    // Nest's default ValidationPipe shape: a list of messages.
    expect(run(new BadRequestException(['a is bad', 'b is bad'])).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'a is bad; b is bad',
    });
  });

  it('sends the headers and field errors of an HttpProblemException', () => {
    const response = run(
      new HttpProblemException(503, 'Kafka is unavailable', {
        headers: { 'Retry-After': '5' },
        errors: [{ path: 'x', reason: 'y' }],
      }),
    );
    expect(response.statusCode).toBe(503);
    expect(response.headers).toEqual({ 'Retry-After': '5' });
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Kafka is unavailable',
      errors: [{ path: 'x', reason: 'y' }],
    });
  });

  it('uses the app mapper for its own errors', () => {
    class AppError extends Error {}
    const response = run(new AppError('nope'), {
      mapError: (error) => (error instanceof AppError ? new HttpException('mapped', 409) : undefined),
    });
    expect(response.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'mapped' });
  });

  it('hides the internals of anything else behind a 500', () => {
    const response = run(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(response.statusCode).toBe(500);
    expect(response.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
    });
  });

  it('reports every error response to the observer', () => {
    const seen: HttpErrorBody[] = [];
    run(bodyParserError('entity.too.large', 413, 'too large'), {
      onErrorResponse: (body) => seen.push(body),
    });
    run(new Error('boom'), { onErrorResponse: (body) => seen.push(body) });
    expect(seen.map((body) => body.statusCode)).toEqual([413, 500]);
  });

  it('only ends a response whose headers are already sent', () => {
    const response = new RecordedResponse();
    response.headersSent = true;
    const host = {
      getType: () => 'http',
      switchToHttp: () => ({
        getRequest: () => ({ method: 'GET', path: '/', header: () => undefined }),
        getResponse: () => response,
      }),
    } as unknown as ArgumentsHost;
    new HttpExceptionFilter().catch(new Error('late'), host);
    expect(response.ended).toBe(true);
    expect(response.body).toBeUndefined();
  });
});

class Leaf {
  @IsInt()
  value: number;
}

class Tree {
  @IsInt()
  id: number;

  @ValidateNested({ each: true })
  @Type(() => Leaf)
  leaves: Leaf[];
}

describe('validationExceptionFactory', () => {
  it('lists every failing field with its dotted path', () => {
    const errors = validateSync(
      plainToInstance(Tree, { id: 'x', leaves: [{ value: 1 }, { value: 'two' }], extra: true }),
      {
        whitelist: true,
        forbidNonWhitelisted: true,
      },
    );
    expect(validationExceptionFactory(errors).getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      errors: [
        { path: 'extra', reason: 'property extra should not exist' },
        { path: 'id', reason: 'id must be an integer number' },
        { path: 'leaves.1.value', reason: 'value must be an integer number' },
      ],
    });
  });
});
