import { Inject, Injectable } from '@nestjs/common';
import type { StationStamp } from '#contracts';
import { decideClearance, RackStateMachine } from '#domain';
import { readClearanceFacts, UnitOfWork } from '#persistence';
import { Clock } from '#platform';
import { IngestError } from '../common/ingest.error.js';
import type { ClearanceQueryDto } from './clearance.dto.js';
import { CLEARANCE_NOTE, type ClearanceView } from './clearance.view.js';

/**
 * The interlock: the tracker's state machine asked about an event not yet posted, against the rack as the
 * tracker last applied it (readClearanceFacts reads only what the question needs).
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
    const facts = await readClearanceFacts(this.uow.pool, {
      rackSerial: query.rackSerial,
      stationSiteId: station.siteId,
      ...(query.rackModel === undefined ? {} : { rackModel: query.rackModel }),
      ...(location === undefined ? {} : { location }),
    }).catch((error: unknown) => {
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
      facts,
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
}
