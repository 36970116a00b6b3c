import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { toStationView, type StationView } from './station.view.js';

/** The registered stations, as the admin API shows them (never their token hashes). */
@Injectable()
export class StationsQuery {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  async list(): Promise<StationView[]> {
    return (await this.uow.pool.stations.list()).map(toStationView);
  }
}
