import { ServiceConfig } from '#config';

/** The alerts service's settings; targets, calendars and webhooks arrive with the alerting logic. */
export class AlertsConfig extends ServiceConfig {
  override PORT = 3003;
}
