/** One dependency readiness depends on. `check` rejects when it is not usable. */
export interface HealthCheck {
  name: string;
  check(timeoutMs: number): Promise<void>;
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
export const HEALTH_TIMEOUT_MS = Symbol('HEALTH_TIMEOUT_MS');
