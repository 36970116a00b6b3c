import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Controller, Get, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HttpProblemException } from '../http-exception.filter.js';
import type { AccessAuthenticator } from './access-authenticator.js';
import type { Principal } from './access-role.js';
import { AllowQueryToken, Public, RequireRole } from './access.decorators.js';
import { AccessGuard } from './access.guard.js';

@Controller()
class Handlers {
  @Get() read() {}
  @Get() @RequireRole('admin') change() {}
  @Get() @Public() open() {}
  @Get() @AllowQueryToken() stream() {}
}

const people: Record<string, Principal> = {
  manager: { id: 'token:1', name: 'M', role: 'manager' },
  admin: { id: 'token:2', name: 'A', role: 'admin' },
};

const authenticator = {
  authenticate: async (token: string) => people[token] ?? null,
} as unknown as AccessAuthenticator;

function context(
  handler: keyof Handlers,
  request: { authorization?: string; query?: Record<string, string> },
) {
  const incoming = {
    header: (name: string) => (name === 'authorization' ? request.authorization : undefined),
    query: request.query ?? {},
  } as Record<string, unknown>;
  const host = {
    getType: () => 'http',
    getHandler: () => Handlers.prototype[handler],
    getClass: () => Handlers,
    switchToHttp: () => ({ getRequest: () => incoming }),
  } as unknown as ExecutionContext;
  return { host, incoming };
}

async function outcome(
  handler: keyof Handlers,
  request: { authorization?: string; query?: Record<string, string> },
) {
  const sut = new AccessGuard(new Reflector(), authenticator);
  const { host, incoming } = context(handler, request);
  try {
    await sut.canActivate(host);
    return { status: 200, principal: incoming.principal };
  } catch (error) {
    if (error instanceof HttpProblemException) return { status: error.getStatus(), headers: error.headers };
    throw error;
  }
}

describe('AccessGuard', () => {
  it('asks for a manager token by default, which an admin token also satisfies', async () => {
    expect(await outcome('read', {})).toMatchObject({
      status: 401,
      headers: { 'WWW-Authenticate': expect.stringMatching(/^Bearer/) },
    });
    expect(await outcome('read', { authorization: 'Bearer stranger' })).toMatchObject({ status: 401 });
    expect(await outcome('read', { authorization: 'Bearer manager' })).toEqual({
      status: 200,
      principal: people.manager,
    });
    expect(await outcome('read', { authorization: 'Bearer admin' })).toEqual({
      status: 200,
      principal: people.admin,
    });
  });

  it('keeps admin endpoints from managers with a 403', async () => {
    expect(await outcome('change', { authorization: 'Bearer manager' })).toMatchObject({ status: 403 });
    expect(await outcome('change', { authorization: 'Bearer admin' })).toMatchObject({ status: 200 });
  });

  it('lets public endpoints through without a token', async () => {
    expect(await outcome('open', {})).toMatchObject({ status: 200 });
  });

  it('reads ?token= only where a handler allows it', async () => {
    expect(await outcome('read', { query: { token: 'manager' } })).toMatchObject({ status: 401 });
    expect(await outcome('stream', { query: { token: 'manager' } })).toEqual({
      status: 200,
      principal: people.manager,
    });
  });
});
