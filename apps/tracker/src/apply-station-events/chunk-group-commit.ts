/** One chunk waiting for its group, and how to answer it once the group is written (or not). */
export interface GroupMember<T, R> {
  readonly item: T;
  readonly size: number;
  /** What must not appear twice in one group (a partition): a later chunk of it waits for the next group. */
  readonly key: string;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for small chunks. At line rate every partition delivers a chunk of one or two events, and each
 * chunk as its own transaction costs the same round trips and commit as a chunk of a thousand. Here a chunk that
 * arrives while no group is being written starts one on the event loop's next turn, so the other partitions'
 * chunks of the same Kafka fetch (kafkajs hands them to its workers in one go) join it; no timer, no wait
 * beyond that turn. Chunks that arrive while a group is being written wait and go together in the next, up to
 * `maxGroupSize` messages. Under load the groups grow by themselves; on a quiet line every group is one chunk.
 *
 * `write` must settle every member it is given; a member it leaves unsettled is rejected with its error.
 */
export class ChunkGroupCommit<T, R> {
  private readonly waiting: GroupMember<T, R>[] = [];
  // Set from the moment a drain is scheduled until it has written everything that waited.
  private writing = false;

  constructor(
    private readonly maxGroupSize: number,
    private readonly write: (members: readonly GroupMember<T, R>[]) => Promise<void>,
  ) {}

  /** Resolves with what writing the item's group answered for it. */
  submit(item: T, size: number, key: string): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, size, key, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Chunks waiting for the group being written to finish. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const group = this.takeGroup();
        const settled = new Set<GroupMember<T, R>>();
        const tracked = group.map((member) => ({
          ...member,
          resolve: (result: R) => (settled.add(member), member.resolve(result)),
          reject: (error: unknown) => (settled.add(member), member.reject(error)),
        }));
        try {
          await this.write(tracked);
          const unsettled = new Error('the group write returned without answering this chunk');
          for (const member of group) if (!settled.has(member)) member.reject(unsettled);
        } catch (error) {
          for (const member of group) if (!settled.has(member)) member.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * The oldest waiting chunks, in arrival order, while they fit and no key repeats; always at least one. A
   * partition's chunks must commit in offset order, which one transaction holding two of them would not keep
   * (kafkajs and the rebuild never hand over a partition's next chunk before the last returned; this makes it
   * hold whatever the caller).
   */
  private takeGroup(): GroupMember<T, R>[] {
    let total = 0;
    let count = 0;
    const keys = new Set<string>();
    while (count < this.waiting.length) {
      const { size, key } = this.waiting[count];
      if (count > 0 && (total + size > this.maxGroupSize || keys.has(key))) break;
      total += size;
      keys.add(key);
      count += 1;
    }
    return this.waiting.splice(0, count);
  }
}
