import { describe, expect, it } from '@jest/globals';
import { LiveFeed } from './live-feed.js';

describe('LiveFeed', () => {
  it('numbers events under its instance tag and hands them to every subscriber', () => {
    const sut = new LiveFeed(10, 'ab12');
    const seen: string[] = [];
    const unsubscribe = sut.subscribe((event) => seen.push(`${event.id}:${event.type}`));
    sut.publish('transition', 'site-1', { n: 1 });
    sut.publish('progress', 'site-1', { n: 2 });
    unsubscribe();
    sut.publish('wip', 'site-1', { n: 3 });
    expect(seen).toEqual(['ab12.1:transition', 'ab12.2:progress']);
    expect(sut.lastId).toBe('ab12.3');
    expect(sut.subscriberCount).toBe(0);
  });

  it('replays what a reconnecting client missed, oldest first', () => {
    const sut = new LiveFeed(10, 'ab12');
    for (let index = 0; index < 5; index += 1) sut.publish('transition', 'site-1', { index });
    expect(sut.since('ab12.3')).toEqual({
      kind: 'events',
      events: [
        { id: 'ab12.4', type: 'transition', siteId: 'site-1', data: { index: 3 } },
        { id: 'ab12.5', type: 'transition', siteId: 'site-1', data: { index: 4 } },
      ],
    });
    expect(sut.since('ab12.5')).toEqual({ kind: 'events', events: [] });
  });

  it('reports a gap once the ring has dropped what the client missed', () => {
    const sut = new LiveFeed(3, 'ab12');
    for (let index = 0; index < 6; index += 1) sut.publish('transition', null, { index });
    // The ring holds 4..6: a client at 3 missed nothing that is gone, a client at 2 missed event 3.
    expect(sut.since('ab12.3')).toMatchObject({
      kind: 'events',
      events: [{ id: 'ab12.4' }, { id: 'ab12.5' }, { id: 'ab12.6' }],
    });
    expect(sut.since('ab12.2')).toEqual({ kind: 'gap' });
  });

  it('treats ids of another instance, from the future, or malformed as a gap', () => {
    const sut = new LiveFeed(3, 'ab12');
    sut.publish('alerts', 'site-1', []);
    for (const id of ['ff00.1', 'ab12.9', 'ab12', '', 'ab12.1.2', 'AB12.1'])
      expect(sut.since(id)).toEqual({ kind: 'gap' });
  });
});
