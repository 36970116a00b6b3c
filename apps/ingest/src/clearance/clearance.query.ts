import { Inject, Injectable } from '@nestjs/common';
import type { StationStamp } from '#contracts';
import {
  BurnInOccupancy,
  decideClearance,
  DEFAULT_RACK_MODEL,
  formatLocation,
  RackStateMachine,
  routeOfModel,
  type BurnInLocation,
  type BurnInPositions,
} from '#domain';
import { UnitOfWork, type StoredRack } from '#persistence';
import { Clock } from '#platform';
import { IngestError } from '../common/ingest.error.js';
import type { ClearanceQueryDto } from './clearance.dto.js';
import { CLEARANCE_NOTE, type ClearanceView } from './clearance.view.js';

/**
 * The interlock: the tracker's state machine asked about an event not yet posted, against the rack as the
 * tracker last applied it. Reads only what the question needs: the rack (one primary-key lookup), the route
 * when the rack is new, and the cell and its occupant when a position is named.
 */
@Injectable()
export class ClearanceQuery {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(RackStateMachine) private readonly machine: RackStateMachine,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async get(station: StationStamp, query: ClearanceQueryDto): Promise<ClearanceView> {
    const location =
      query.cell !== undefined && query.position !== undefined
        ? { cell: query.cell, position: query.position }
        : undefined;
    const facts = await this.readFacts(station, query, location).catch((error: unknown) => {
      throw new IngestError(
        'station_directory_unavailable',
        'cannot read the applied state: PostgreSQL is unavailable',
        [],
        { cause: error },
      );
    });
    const now = this.clock.now();
    const verdict = decideClearance(
      this.machine,
      {
        rackSerial: query.rackSerial,
        type: query.type,
        station,
        now,
        ...(query.stage === undefined ? {} : { stage: query.stage }),
        ...(query.rackModel === undefined ? {} : { rackModel: query.rackModel }),
        ...(location === undefined ? {} : { location }),
      },
      { rack: facts.stored?.state, routeFor: facts.routeFor, burnIn: facts.burnIn },
    );
    const stateAsOf = facts.stored?.state.lastEventAt ?? null;
    return {
      ...verdict,
      rack: facts.stored ? { stage: facts.stored.state.stage, status: facts.stored.state.status } : null,
      stateAsOf: stateAsOf?.toISOString() ?? null,
      // Never negative: an event stamped slightly ahead of this clock is as fresh as it gets.
      ageSeconds:
        stateAsOf === null ? null : Math.max(0, Math.round((now.getTime() - stateAsOf.getTime()) / 1000)),
      authoritative: false,
      note: CLEARANCE_NOTE,
    };
  }

  private async readFacts(
    station: StationStamp,
    query: ClearanceQueryDto,
    location: BurnInLocation | undefined,
  ): Promise<{
    stored: StoredRack | undefined;
    routeFor: (model: string) => ReturnType<typeof routeOfModel>;
    burnIn: BurnInPositions | undefined;
  }> {
    const { pool } = this.uow;
    const stored = (await pool.racks.findBySerials(pool.db, [query.rackSerial])).get(query.rackSerial);
    // Existing racks keep their route snapshot; only a new rack's model is looked up.
    const model = query.rackModel ?? DEFAULT_RACK_MODEL;
    const storedRoute =
      stored === undefined ? ((await pool.routes.findByModels([model]))[0] ?? undefined) : undefined;
    const routeFor = (asked: string) => routeOfModel(asked, asked === model ? storedRoute : undefined);
    if (location === undefined) return { stored, routeFor, burnIn: undefined };
    // The positions of the rack's site, as the tracker reads them for the event.
    const siteId = stored?.siteId ?? station.siteId;
    const cells = await pool.burnInCells.listForSite(siteId);
    const occupants = await pool.racks.findOccupants(pool.db, siteId, [location]);
    const burnIn = new BurnInOccupancy({
      cell: (cellId) => cells.find((stored) => stored.cell.cellId === cellId)?.cell,
      occupant: (asked) => occupants.get(formatLocation(asked)),
    });
    return { stored, routeFor, burnIn };
  }
}
