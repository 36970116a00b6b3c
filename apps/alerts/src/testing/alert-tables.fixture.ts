import type {
  NewAlertEventRow,
  NewAlertRow,
  NewDeliveryRow,
  Repositories,
  StoredAlert,
  StoredWebhook,
  UnitOfWork,
} from '#persistence';

/** A registered webhook, for specs: a generic one carries a secret. */
export function webhookRow(
  id: string,
  kind: string,
  createdAt: Date,
  overrides: Partial<StoredWebhook> = {},
): StoredWebhook {
  return {
    id,
    name: id,
    url: `https://chat.example/${id}`,
    kind,
    secret: kind === 'generic' ? 'sixteen-chars-secret' : null,
    siteIds: [],
    minSeverity: 'info',
    createdAt,
    deletedAt: null,
    ...overrides,
  };
}

/** A repository whose unexpected methods throw, so a spec notices a query the code under test should not make. */
export function strict<T extends object>(name: string, methods: T): T {
  return new Proxy(methods, {
    get: (target, property) => {
      if (property in target) return target[property as keyof T];
      throw new Error(`unexpected call ${name}.${String(property)}`);
    },
  });
}

/**
 * The alert, alert_event and webhook_delivery tables in memory, as both evaluations write them: alerts get
 * ids 1, 2, … and events 100, 101, …
 */
export class AlertTables {
  alerts: StoredAlert[] = [];
  events: (NewAlertEventRow & { id: string })[] = [];
  deliveries: NewDeliveryRow[] = [];

  constructor(
    /** The clock the tables stamp rows with. */
    public now: Date,
    public webhooks: StoredWebhook[],
  ) {}

  /** The alert writes; add the evaluation's own reads and lock beside them. */
  alertWrites() {
    return {
      insert: async (row: NewAlertRow) => {
        const id = String(this.alerts.length + 1);
        this.alerts.push({
          ...row,
          id,
          acknowledgedBy: null,
          acknowledgedAt: null,
          acknowledgeNote: null,
          unacknowledgedNotifiedAt: null,
          createdAt: this.now,
          updatedAt: this.now,
        });
        return id;
      },
      update: async (id: string, row: Partial<StoredAlert>) => {
        const index = this.alerts.findIndex((alert) => alert.id === id);
        this.alerts[index] = { ...this.alerts[index], ...row };
      },
      markUnacknowledgedNotified: async (id: string, now: Date) => {
        const index = this.alerts.findIndex((alert) => alert.id === id);
        this.alerts[index] = { ...this.alerts[index], unacknowledgedNotifiedAt: now };
      },
      insertEvent: async (row: NewAlertEventRow) => {
        const id = String(100 + this.events.length);
        this.events.push({ ...row, id });
        return id;
      },
    };
  }

  /** The webhooks and deliveries repositories, strict. */
  fanOut(): Pick<Repositories, 'webhooks' | 'deliveries'> {
    return {
      webhooks: strict('webhooks', { findActive: async () => this.webhooks }),
      deliveries: strict('deliveries', {
        enqueue: async (rows: NewDeliveryRow[]) => {
          this.deliveries.push(...rows);
          return rows.length;
        },
      }),
    } as unknown as Pick<Repositories, 'webhooks' | 'deliveries'>;
  }
}

/** A UnitOfWork whose pool and every write run on the repositories `repositories()` makes. */
export function fakeUnitOfWork(repositories: () => Repositories): UnitOfWork {
  const uow = {
    get pool() {
      return repositories();
    },
    write: <T>(work: (repositories: Repositories) => Promise<T>) => work(repositories()),
  };
  return uow as unknown as UnitOfWork;
}
