/**
 * A callback every `intervalMs` from `start()` to `stop()`, for the stream's periodic work (recomputing
 * watched sites, polling firing alerts). It never keeps the process alive on its own: shutdown is not
 * held up by a timer that is about to be stopped anyway.
 */
export class RepeatingTimer {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly tick: () => void,
  ) {}

  start(): void {
    this.stop();
    this.timer = setInterval(this.tick, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
