import { Injectable } from '@nestjs/common';
import { buildComponentTree, componentMovements, countByKind } from '#domain';
import {
  UnitOfWork,
  type ComponentStayRecord,
  type GenealogyEventRecord,
  type Repositories,
} from '#persistence';
import { ApiError } from '../api.error.js';
import {
  toComponentFailureView,
  toComponentMovementView,
  toComponentNodeView,
  toWhereUsedView,
  type ComponentView,
  type RackComponentsView,
} from './genealogy.view.js';

function byEventId(events: readonly GenealogyEventRecord[]): Map<string, GenealogyEventRecord> {
  return new Map(events.map((event) => [event.eventId, event]));
}

/** Every stay of a rack's components and the events behind them: two queries, whatever the rack holds. */
export interface RackComponentReads {
  stays: ComponentStayRecord[];
  events: GenealogyEventRecord[];
}

/** Reads what a rack's component tree is built from, inside the caller's snapshot (the rack page shares it). */
export async function readRackComponents(
  repositories: Pick<Repositories, 'genealogy'>,
  rackSerial: string,
): Promise<RackComponentReads> {
  const stays = await repositories.genealogy.findRackStays(rackSerial);
  const eventIds = stays.flatMap((stay) => [
    stay.installedEventId,
    ...(stay.removedEventId ? [stay.removedEventId] : []),
  ]);
  return { stays, events: await repositories.genealogy.findEvents(eventIds) };
}

/** The as-built tree now, or `at` a past time, with every install and removal up to then. */
export function toRackComponentsView(
  rackSerial: string,
  at: Date | null,
  { stays, events }: RackComponentReads,
): RackComponentsView {
  const eventsById = byEventId(events);
  const order = new Map(events.map((event, index) => [event.eventId, index]));
  return {
    rackSerial,
    at: at?.toISOString() ?? null,
    counts: countByKind(stays, at),
    tree: buildComponentTree(stays, at).map(toComponentNodeView),
    events: componentMovements(stays, at, order).map((movement) =>
      toComponentMovementView(movement, eventsById.get(movement.eventId)),
    ),
  };
}

/**
 * A rack's as-built tree and timeline, and a component's where-used history and failures. Each is read in one
 * snapshot: the tracker writes an install, its event and the rack in one transaction, so a tree read across
 * two of its commits could show a part without its event.
 */
@Injectable()
export class GenealogyQuery {
  constructor(private readonly uow: UnitOfWork) {}

  async rackComponents(rackSerial: string, at: Date | null): Promise<RackComponentsView> {
    const { rackKnown, components } = await this.uow.read(async (repositories) => {
      const components = await readRackComponents(repositories, rackSerial);
      return {
        rackKnown:
          components.stays.length > 0 || (await repositories.rackReads.findBySerial(rackSerial)) !== null,
        components,
      };
    });
    if (!rackKnown) throw new ApiError('rack_not_found', `No rack ${rackSerial}`);
    return toRackComponentsView(rackSerial, at, components);
  }

  async component(serial: string): Promise<ComponentView> {
    const { stays, failures, events, measurements } = await this.uow.read(async ({ genealogy }) => {
      const stays = await genealogy.findWhereUsed(serial);
      const failures = await genealogy.findFailures(serial);
      const eventIds = stays.flatMap((stay) => [
        stay.installedEventId,
        ...(stay.removedEventId ? [stay.removedEventId] : []),
      ]);
      return {
        stays,
        failures,
        events: await genealogy.findEvents(eventIds),
        measurements: await genealogy.findMeasurements(
          failures.map((failure) => failure.rackSerial),
          failures.map((failure) => failure.eventId),
        ),
      };
    });
    if (stays.length === 0 && failures.length === 0) {
      throw new ApiError('component_not_found', `Component ${serial} was never installed in a rack`);
    }
    const eventsById = byEventId(events);
    return {
      serial,
      installedIn: stays.find((stay) => stay.removedAt === null)?.rackSerial ?? null,
      whereUsed: stays.map((stay) => toWhereUsedView(stay, eventsById)),
      failures: failures.map((failure) => toComponentFailureView(failure, measurements)),
    };
  }
}
