import { describe, expect, it } from '@jest/globals';
import { OpenStreams, type OpenStream } from './open-streams.js';

function streamOf(sut: OpenStreams, principalId: string, token = `secret-of-${principalId}`) {
  const endings: string[] = [];
  const stream: OpenStream = {
    principalId,
    token,
    end: (reason) => {
      endings.push(reason);
      sut.delete(stream);
    },
  };
  sut.add(stream);
  return { stream, endings };
}

describe('OpenStreams', () => {
  it.each([
    // [streams already held by token:a, by others, admission of token:a]
    [0, 0, { admitted: true }],
    [1, 2, { admitted: true }],
    [
      2,
      0,
      {
        admitted: false,
        status: 429,
        message:
          'This token already holds 2 live streams, the most one token may open (LIVE_MAX_CLIENTS_PER_TOKEN=2); close one first',
      },
    ],
    [
      1,
      3,
      {
        admitted: false,
        status: 503,
        message: 'Too many live streams open on this instance (LIVE_MAX_CLIENTS=4); retry shortly',
      },
    ],
  ])('token:a holding %i, others %i → %j', (own, others, admission) => {
    const sut = new OpenStreams({ total: 4, perToken: 2 });
    for (let index = 0; index < own; index += 1) streamOf(sut, 'token:a');
    for (let index = 0; index < others; index += 1) streamOf(sut, `token:other-${index}`);
    expect(sut.admission('token:a')).toEqual(admission);
  });

  it('frees a slot when a stream ends', () => {
    const sut = new OpenStreams({ total: 10, perToken: 1 });
    const { stream } = streamOf(sut, 'token:a');
    expect(sut.admission('token:a').admitted).toBe(false);
    stream.end('shutdown');
    expect(sut.admission('token:a').admitted).toBe(true);
  });

  it('asks about each token once and ends only the streams of revoked ones', async () => {
    const sut = new OpenStreams({ total: 10, perToken: 5 });
    const revoked = [streamOf(sut, 'token:1', 'tk_revoked'), streamOf(sut, 'token:1', 'tk_revoked')];
    const kept = streamOf(sut, 'token:2', 'tk_valid');
    const unknown = streamOf(sut, 'token:3', 'tk_cannot_tell');
    const asked: string[] = [];
    const ended = await sut.endRevoked(async (token) => {
      asked.push(token);
      return token === 'tk_valid' ? true : token === 'tk_revoked' ? false : null;
    });
    expect(ended).toBe(2);
    expect(asked).toEqual(['tk_revoked', 'tk_valid', 'tk_cannot_tell']);
    expect(revoked.map(({ endings }) => endings)).toEqual([['revoked'], ['revoked']]);
    expect(kept.endings).toEqual([]);
    expect(unknown.endings).toEqual([]);
    expect(sut.size).toBe(2);
  });

  it('does not start a second round while one is under way', async () => {
    const sut = new OpenStreams({ total: 10, perToken: 5 });
    streamOf(sut, 'token:1', 'tk_slow');
    let release: (valid: boolean) => void = () => undefined;
    const first = sut.endRevoked(() => new Promise<boolean>((resolve) => (release = resolve)));
    expect(await sut.endRevoked(async () => false)).toBe(0);
    release(false);
    expect(await first).toBe(1);
  });
});
