import { describe, expect, it } from '@jest/globals';
import { ChunkGroupCommit, type GroupMember } from './chunk-group-commit.js';

/** A write that records each group and finishes only when the test says so. */
function heldWrites() {
  const groups: string[][] = [];
  const finish: (() => void)[] = [];
  const write = (members: readonly GroupMember<string, string>[]) => {
    groups.push(members.map((member) => member.item));
    return new Promise<void>((done) => {
      finish.push(() => {
        for (const member of members) member.resolve(`${member.item} in group ${groups.length}`);
        done();
      });
    });
  };
  // Lets the queue take its next group: it starts one on the event loop's next turn (no timers).
  const settle = () => new Promise<void>((done) => setImmediate(done));
  return { groups, finish, write, settle };
}

describe('ChunkGroupCommit', () => {
  it('writes a lone chunk on the next turn of the event loop: a quiet line waits for nobody', async () => {
    const { groups, finish, write, settle } = heldWrites();
    const queue = new ChunkGroupCommit(1000, write);
    const answer = queue.submit('p0', 1, 'p0');
    await settle();
    expect(groups).toEqual([['p0']]);
    finish[0]();
    await expect(answer).resolves.toBe('p0 in group 1');
  });

  it('writes the chunks of one turn (one Kafka fetch) together, in arrival order', async () => {
    const { groups, finish, write, settle } = heldWrites();
    const queue = new ChunkGroupCommit(1000, write);
    const answers = ['p0', 'p3', 'p7'].map((item) => queue.submit(item, 2, item));
    await settle();
    expect(groups).toEqual([['p0', 'p3', 'p7']]);
    finish[0]();
    await expect(Promise.all(answers)).resolves.toEqual(['p0 in group 1', 'p3 in group 1', 'p7 in group 1']);
  });

  it('groups the chunks that arrive while a group is written', async () => {
    const { groups, finish, write, settle } = heldWrites();
    const queue = new ChunkGroupCommit(1000, write);
    const first = queue.submit('p0', 2, 'p0');
    await settle();
    const later = ['p3', 'p7', 'p1'].map((item) => queue.submit(item, 2, item));
    expect(groups).toEqual([['p0']]);
    expect(queue.waitingCount).toBe(3);
    finish[0]();
    await settle();
    expect(groups).toEqual([['p0'], ['p3', 'p7', 'p1']]);
    finish[1]();
    await expect(Promise.all([first, ...later])).resolves.toEqual([
      'p0 in group 1',
      'p3 in group 2',
      'p7 in group 2',
      'p1 in group 2',
    ]);
  });

  it('keeps a group within its size, and still writes a chunk larger than the limit on its own', async () => {
    const { groups, finish, write, settle } = heldWrites();
    const queue = new ChunkGroupCommit(10, write);
    const answers = [
      queue.submit('a', 6, 'a'),
      queue.submit('b', 4, 'b'),
      queue.submit('c', 1, 'c'),
      queue.submit('huge', 25, 'huge'),
      queue.submit('d', 1, 'd'),
    ];
    await settle();
    for (let group = 0; group < 3; group += 1) {
      finish[group]();
      await settle();
    }
    expect(groups).toEqual([['a', 'b'], ['c'], ['huge'], ['d']]);
    finish[3]();
    await expect(Promise.all(answers)).resolves.toHaveLength(5);
  });

  it('never puts two chunks of one partition in a group: the later one waits for the next, in order', async () => {
    const { groups, finish, write, settle } = heldWrites();
    const queue = new ChunkGroupCommit(1000, write);
    const answers = [
      queue.submit('p0 first', 1, 'p0'),
      queue.submit('p1', 1, 'p1'),
      queue.submit('p0 second', 1, 'p0'),
      queue.submit('p2', 1, 'p2'),
    ];
    await settle();
    expect(groups).toEqual([['p0 first', 'p1']]);
    finish[0]();
    await settle();
    expect(groups).toEqual([
      ['p0 first', 'p1'],
      ['p0 second', 'p2'],
    ]);
    finish[1]();
    await expect(Promise.all(answers)).resolves.toHaveLength(4);
  });

  it('rejects only what the write left unanswered, and goes on with the next group', async () => {
    let release = () => {};
    const queue = new ChunkGroupCommit<string, string>(1000, async (members) => {
      if (members[0].item === 'first') {
        await new Promise<void>((done) => (release = done));
        members[0].resolve('written');
        return;
      }
      if (members[0].item === 'p0') {
        members[0].resolve('written alone');
        throw new Error('connection lost');
      }
      for (const member of members) member.resolve('next group');
    });
    const first = queue.submit('first', 1, 'first');
    await new Promise<void>((done) => setImmediate(done));
    const grouped = ['p0', 'p1', 'p2'].map((item) => queue.submit(item, 1, item));
    release();
    await expect(first).resolves.toBe('written');
    await expect(grouped[0]).resolves.toBe('written alone');
    await expect(grouped[1]).rejects.toThrow('connection lost');
    await expect(grouped[2]).rejects.toThrow('connection lost');
    await expect(queue.submit('p3', 1, 'p3')).resolves.toBe('next group');
  });

  it('rejects a chunk the write returned without answering, so no consumer waits for ever', async () => {
    const queue = new ChunkGroupCommit<string, string>(1000, async () => undefined);
    await expect(queue.submit('p0', 1, 'p0')).rejects.toThrow('without answering');
  });
});
