import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { TopicWatermarks } from '#messaging';
import { TrackerConfig } from '../tracker.config.js';
import { WatchPartitionProgressUseCase } from './watch-partition-progress.use-case.js';

/** Runs the progress watch every TRACKER_PROGRESS_POLL_MS, one round at a time, from start until shutdown. */
@Injectable()
export class PartitionProgressScheduler implements OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | null = null;

  constructor(
    private readonly useCase: WatchPartitionProgressUseCase,
    private readonly watermarks: TopicWatermarks,
    private readonly config: TrackerConfig,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.polling ??= this.useCase.execute().finally(() => (this.polling = null));
    }, this.config.TRACKER_PROGRESS_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
    await this.watermarks.close();
  }
}
