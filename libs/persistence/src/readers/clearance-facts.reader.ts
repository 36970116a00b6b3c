import {
  BurnInOccupancy,
  DEFAULT_RACK_MODEL,
  formatLocation,
  routeOfModel,
  type BurnInLocation,
  type ClearanceFacts,
} from '#domain';
import type { StoredRack } from '../repositories/rack.repository.js';
import type { Repositories } from '../unit-of-work.js';

export interface ClearanceFactsQuestion {
  rackSerial: string;
  /** Read only for a rack the tracker has not seen, as the event's rackModel would be. */
  rackModel?: string;
  /** The site of the asking station: a new rack's burn-in positions are there. */
  stationSiteId: string;
  location?: BurnInLocation;
}

/** The facts the interlock decides on, and the rack as stored (for the age of its state). */
export interface ClearanceFactsRead extends ClearanceFacts {
  readonly stored: StoredRack | undefined;
}

/**
 * What `decideClearance` needs, read as the tracker reads it for an event: the rack (one primary-key lookup),
 * its route when it is new, and the named position's cell and occupant at the rack's site. Shared by ingest's
 * `GET /v1/clearance` and the CFX bridge's ValidateUnitsResponse, so both answer from the same reads.
 */
export async function readClearanceFacts(
  repositories: Pick<Repositories, 'db' | 'racks' | 'routes' | 'burnInCells'>,
  question: ClearanceFactsQuestion,
): Promise<ClearanceFactsRead> {
  const { db, racks, routes, burnInCells } = repositories;
  const stored = (await racks.findBySerials(db, [question.rackSerial])).get(question.rackSerial);
  // Existing racks keep their route snapshot; only a new rack's model is looked up.
  const model = question.rackModel ?? DEFAULT_RACK_MODEL;
  const storedRoute = stored === undefined ? (await routes.findByModels([model]))[0] : undefined;
  const routeFor = (asked: string) => routeOfModel(asked, asked === model ? storedRoute : undefined);
  const rack = stored?.state;
  if (question.location === undefined) return { stored, rack, routeFor };
  const siteId = stored?.siteId ?? question.stationSiteId;
  const cells = await burnInCells.listForSite(siteId);
  const occupants = await racks.findOccupants(db, siteId, [question.location]);
  const burnIn = new BurnInOccupancy({
    cell: (cellId) => cells.find((entry) => entry.cell.cellId === cellId)?.cell,
    occupant: (asked) => occupants.get(formatLocation(asked)),
  });
  return { stored, rack, routeFor, burnIn };
}
