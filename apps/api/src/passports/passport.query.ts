import { Injectable } from '@nestjs/common';
import type { Ed25519PublicJwk } from '#contracts';
import { UnitOfWork, type ShipmentCursor, type ShipmentFilter, type StoredPassport } from '#persistence';
import { ApiError } from '../api.error.js';

// Passports read per round trip while streaming a shipment: a 237-part passport is ~150 KB, so a page is a few MB.
const SHIPMENT_PAGE = 20;

/** Sealed passports (the tracker seals them) and the keys that verify them. */
@Injectable()
export class PassportQuery {
  constructor(private readonly uow: UnitOfWork) {}

  async passport(serial: string, version?: number): Promise<StoredPassport> {
    const stored = await this.uow.pool.passports.find(serial, version);
    if (stored !== undefined) return stored;
    const known = await this.uow.pool.rackReads.findBySerial(serial);
    throw new ApiError(
      'passport_not_found',
      known === null
        ? `No rack ${serial}`
        : version !== undefined
          ? `Rack ${serial} has no passport version ${version}`
          : `Rack ${serial} has no passport yet: it is ${known.status} at ${known.stage} (a passport is sealed when it ships)`,
    );
  }

  async keys(): Promise<{ keys: Ed25519PublicJwk[] }> {
    return { keys: await this.uow.pool.passports.publicKeys() };
  }

  /** Every passport of a shipment, oldest ship first, one page in memory at a time. */
  async *shipment(filter: ShipmentFilter): AsyncGenerator<StoredPassport> {
    let after: ShipmentCursor | null = null;
    for (;;) {
      const page = await this.uow.pool.passports.shipmentPage(filter, after, SHIPMENT_PAGE);
      yield* page;
      if (page.length < SHIPMENT_PAGE) return;
      const last = page[page.length - 1]!;
      after = { shippedAt: last.shippedAt, rackSerial: last.rackSerial, version: last.version };
    }
  }
}
