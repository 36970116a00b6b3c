import { withCorrelationId } from '#platform';

/**
 * Rounds of background work that never overlap, each under a correlation id of its own (`<name>-<n>`), so
 * that one round's log lines can be told from the next's.
 */
export class Rounds {
  private running: Promise<void> | null = null;
  private count = 0;

  constructor(private readonly name: string) {}

  get busy(): boolean {
    return this.running !== null;
  }

  /** Starts a round unless one is running; `then` runs once it has finished, however it ended. */
  start(work: () => Promise<void>, then?: () => void): void {
    if (this.running !== null) return;
    this.count += 1;
    this.running = withCorrelationId(`${this.name}-${this.count}`, work).finally(() => {
      this.running = null;
      then?.();
    });
  }

  /** Resolves once the round in flight, if any, has finished. */
  async settled(): Promise<void> {
    await this.running;
  }
}
