export { ConfigValidationError } from './config-validation.error.js';
export { loadConfig } from './load-config.js';
export { AdminTokenConfig, LOG_LEVELS, ServiceConfig, type LogLevelName } from './service-config.js';
export { withTrackerProgress, type TrackerProgressSettings } from './tracker-progress.config.js';
export { IntRange } from './int-range.js';
