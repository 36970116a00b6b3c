import type { RackRoute } from '#domain';
import type { SupplierSpec } from '../factory/factory-config.js';
import { abortableDelay, withRequestSignal } from './abortable.js';

export interface ApiAdminClientOptions {
  apiUrl: string;
  requestTimeoutMs?: number;
  /** Ends every request and wait of this client at once (a stopping simulation). */
  signal?: AbortSignal;
}

/** The admin side of the api the simulator needs before its first event: the model's route and the suppliers. */
export class ApiAdminClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly signal: AbortSignal | undefined;

  constructor(options: ApiAdminClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.signal = options.signal;
  }

  /** `PUT /v1/routes/:model`: racks that start afterwards follow it (and must fill its slots at assembly). */
  async putRoute(adminToken: string, route: RackRoute): Promise<void> {
    await this.put(adminToken, `/v1/routes/${encodeURIComponent(route.model)}`, {
      stages: route.stages,
      requiredSlots: route.requiredSlots,
    });
  }

  /** `PUT /v1/suppliers/:id`: the name and country /v1/sourcing reports parts under. */
  async putSuppliers(adminToken: string, suppliers: readonly SupplierSpec[]): Promise<void> {
    for (const supplier of suppliers) {
      await this.put(adminToken, `/v1/suppliers/${encodeURIComponent(supplier.supplierId)}`, {
        name: supplier.name,
        country: supplier.country,
      });
    }
  }

  private async put(adminToken: string, path: string, body: object): Promise<void> {
    for (;;) {
      let response: { ok: boolean; status: number; text: string; retryAfter: string | null };
      try {
        response = await withRequestSignal(this.signal, this.timeoutMs, async (signal) => {
          const answer = await fetch(`${this.base}${path}`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
            signal,
          });
          const text = await answer.text();
          return {
            ok: answer.ok,
            status: answer.status,
            text,
            retryAfter: answer.headers.get('retry-after'),
          };
        });
      } catch (error) {
        if (this.signal?.aborted) throw error;
        const cause =
          error instanceof Error
            ? ((error.cause as { code?: string } | undefined)?.code ?? error.message)
            : String(error);
        throw new Error(`PUT ${this.base}${path} got no answer (${cause}); is the api running (--api-url)?`);
      }
      const text = response.text;
      if (response.ok) return;
      if (response.status === 429 || response.status === 503) {
        // The admin token shares its rate limit with whoever else configures the api: wait as asked.
        const seconds = Number(response.retryAfter);
        await abortableDelay(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000, this.signal);
        continue;
      }
      throw new Error(`PUT ${this.base}${path} answered ${response.status}: ${text.slice(0, 300)}`);
    }
  }
}
