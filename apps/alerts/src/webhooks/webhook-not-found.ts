import { AlertsError } from '../alerts.error.js';

export function webhookNotFound(id: string): AlertsError {
  return new AlertsError('webhook_not_found', `no webhook ${id}`);
}
