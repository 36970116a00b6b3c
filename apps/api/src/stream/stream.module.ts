import { Module } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../api.config.js';
import { StatusModule } from '../status/status.module.js';
import { FiringAlertsWatcher } from './firing-alerts.watcher.js';
import { LiveFeed } from './live-feed.js';
import { RackTransitionsListener } from './rack-transitions.listener.js';
import { SiteStatusMonitor } from './site-status.monitor.js';
import { StreamController } from './stream.controller.js';

/** `GET /v1/stream`: transitions from Kafka, progress and WIP as they change, firing alerts; replayable. */
@Module({
  imports: [StatusModule],
  controllers: [StreamController],
  providers: [
    {
      provide: LiveFeed,
      useFactory: (config: ApiConfig) => new LiveFeed(config.LIVE_REPLAY_EVENTS),
      inject: [API_CONFIG],
    },
    SiteStatusMonitor,
    FiringAlertsWatcher,
    RackTransitionsListener,
  ],
})
export class StreamModule {}
