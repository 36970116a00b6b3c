import { describe, expect, it } from '@jest/globals';
import type { StationRecord, StationRepository } from '#persistence';
import { MetricsRegistry } from '#platform';
import { Clock } from '#platform';
import { IngestMetrics } from '../common/ingest.metrics.js';
import { IngestError } from '../common/ingest.error.js';
import type { IngestConfig } from '../ingest.config.js';
import { issueStationToken } from './station-token.generator.js';
import { StationAuthenticator } from './station.authenticator.js';

class MovableClock extends Clock {
  ms = 0;
  now(): Date {
    return new Date(this.ms);
  }
}

class StationTable {
  readonly byHash = new Map<string, StationRecord>();
  lookups = 0;
  down = false;
  async findActiveByTokenHash(tokenHash: string): Promise<StationRecord | null> {
    this.lookups += 1;
    if (this.down) throw new Error('ECONNREFUSED');
    const record = this.byHash.get(tokenHash);
    return record && !record.revokedAt ? record : null;
  }
}

function setUp(ttlMs = 5000) {
  const table = new StationTable();
  const clock = new MovableClock();
  const sut = new StationAuthenticator(
    table as unknown as StationRepository,
    { STATION_CACHE_TTL_MS: ttlMs } as IngestConfig,
    clock,
    new IngestMetrics(new MetricsRegistry('ingest')),
  );
  const { token, tokenHash } = issueStationToken();
  const record: StationRecord = {
    stationId: 'QA-01',
    stage: 'qa',
    role: 'station',
    siteId: 'site-1',
    lineId: 'line-1',
    createdAt: new Date(0),
    revokedAt: null,
  };
  table.byHash.set(tokenHash, record);
  return { sut, table, clock, token, record };
}

async function failure(attempt: Promise<unknown>): Promise<IngestError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('expected an IngestError');
}

describe('StationAuthenticator', () => {
  it('resolves a valid token to the station as registered', async () => {
    const { sut, token } = setUp();
    expect(await sut.authenticate(`Bearer ${token}`)).toEqual({
      stationId: 'QA-01',
      stage: 'qa',
      role: 'station',
      siteId: 'site-1',
      lineId: 'line-1',
    });
  });

  it('refuses a missing header, a malformed token and an unknown one', async () => {
    const { sut, table } = setUp();
    expect((await failure(sut.authenticate(undefined))).message).toMatch(/missing bearer token/);
    expect((await failure(sut.authenticate('Bearer not-a-token'))).code).toBe('unauthenticated');
    expect(table.lookups).toBe(0);
    expect((await failure(sut.authenticate(`Bearer ${issueStationToken().token}`))).message).toBe(
      'unknown or revoked station token',
    );
  });

  it('asks the database once per token and TTL, for known and unknown tokens alike', async () => {
    const { sut, table, clock, token } = setUp(1000);
    const stranger = issueStationToken().token;
    await sut.authenticate(`Bearer ${token}`);
    await sut.authenticate(`Bearer ${token}`);
    await failure(sut.authenticate(`Bearer ${stranger}`));
    await failure(sut.authenticate(`Bearer ${stranger}`));
    expect(table.lookups).toBe(2);
    clock.ms = 1000;
    await sut.authenticate(`Bearer ${token}`);
    expect(table.lookups).toBe(3);
  });

  it('lets a revocation made elsewhere bite after the TTL', async () => {
    const { sut, clock, token, record } = setUp(1000);
    await sut.authenticate(`Bearer ${token}`);
    record.revokedAt = new Date();
    clock.ms = 999;
    await sut.authenticate(`Bearer ${token}`); // still cached: the documented window
    clock.ms = 1000;
    expect((await failure(sut.authenticate(`Bearer ${token}`))).code).toBe('unauthenticated');
  });

  it('forgets a station revoked through this instance at once', async () => {
    const { sut, token, record } = setUp();
    await sut.authenticate(`Bearer ${token}`);
    record.revokedAt = new Date();
    sut.forget('QA-01');
    expect((await failure(sut.authenticate(`Bearer ${token}`))).code).toBe('unauthenticated');
  });

  it('answers unavailable, not unauthorised, when PostgreSQL is down', async () => {
    const { sut, table, token } = setUp();
    table.down = true;
    expect((await failure(sut.authenticate(`Bearer ${token}`))).code).toBe('station_directory_unavailable');
    table.down = false;
    expect((await sut.authenticate(`Bearer ${token}`)).stationId).toBe('QA-01');
  });
});
