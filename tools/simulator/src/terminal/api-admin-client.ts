import type { RackRoute } from '#domain';
import type { BurnInCellSpec, SupplierSpec } from '../factory/factory-config.js';
import { AbortableHttpClient, type AbortableHttpOptions, type HttpExchange } from './abortable.js';

export interface ApiAdminClientOptions extends AbortableHttpOptions {
  apiUrl: string;
}

/** The admin side of the api the simulator needs before its first event: the route, suppliers and burn-in cells. */
export class ApiAdminClient extends AbortableHttpClient {
  constructor(options: ApiAdminClientOptions) {
    super(options.apiUrl, options);
  }

  /** `PUT /v1/routes/:model`: racks that start afterwards follow it (and must fill its slots at assembly). */
  async putRoute(adminToken: string, route: RackRoute): Promise<void> {
    await this.put(adminToken, `/v1/routes/${encodeURIComponent(route.model)}`, {
      stages: route.stages,
      requiredSlots: route.requiredSlots,
      dwell: route.dwell,
    });
  }

  /** `PUT /v1/sites/:site/burn-in-cells/:cell`: the positions racks starting burn-in at the site name. */
  async putBurnInCells(adminToken: string, siteId: string, cells: readonly BurnInCellSpec[]): Promise<void> {
    for (const cell of cells) {
      await this.put(
        adminToken,
        `/v1/sites/${encodeURIComponent(siteId)}/burn-in-cells/${encodeURIComponent(cell.cellId)}`,
        { positions: cell.positions, kwPerPosition: cell.kwPerPosition },
      );
    }
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
      let response: HttpExchange;
      try {
        response = await this.send('PUT', path, adminToken, JSON.stringify(body));
      } catch (error) {
        if (this.signal?.aborted) throw error;
        const cause =
          error instanceof Error
            ? ((error.cause as { code?: string } | undefined)?.code ?? error.message)
            : String(error);
        throw new Error(`PUT ${this.base}${path} got no answer (${cause}); is the api running (--api-url)?`);
      }
      if (response.ok) return;
      if (response.status === 429 || response.status === 503) {
        // The admin token shares its rate limit with whoever else configures the api: wait as asked.
        await this.waitAsAsked(response);
        continue;
      }
      throw new Error(`PUT ${this.base}${path} answered ${response.status}: ${response.text.slice(0, 300)}`);
    }
  }
}
