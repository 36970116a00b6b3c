import { Inject, Injectable } from '@nestjs/common';
import { StationRepository } from '#persistence';
import { toStationView, type StationView } from './station.view.js';

@Injectable()
export class ListStationsUseCase {
  constructor(@Inject(StationRepository) private readonly stations: StationRepository) {}

  async execute(): Promise<StationView[]> {
    return (await this.stations.list()).map(toStationView);
  }
}
