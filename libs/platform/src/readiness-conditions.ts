/**
 * What a service knows about itself that its dependencies' checks cannot see: a tracker whose partition has
 * stopped advancing is connected to Kafka and PostgreSQL and still not doing its job. Each condition says
 * what is wrong in one sentence, or null; readiness reports any such service as `degraded`.
 */
export interface ReadinessCondition {
  name: string;
  /** Why the service is degraded, naming what is stuck; null when it is fine. Cheap: no I/O. */
  degradation(): string | null;
}

export class ReadinessConditions {
  private readonly conditions: ReadinessCondition[] = [];

  register(condition: ReadinessCondition): void {
    this.conditions.push(condition);
  }

  evaluate(): { name: string; degradation: string | null }[] {
    return this.conditions.map((condition) => ({
      name: condition.name,
      degradation: condition.degradation(),
    }));
  }
}
