import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RackReadRepository, RejectionReadRepository } from '#persistence';

export interface SnapshotRepositories {
  racks: RackReadRepository;
  rejections: RejectionReadRepository;
}

/**
 * Runs several reads against one committed state. The tracker commits a batch at a time, so without this a
 * rack's state could already show an event its history (read a moment earlier) does not.
 */
@Injectable()
export class ReadSnapshot {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (repositories: SnapshotRepositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work({
        racks: new RackReadRepository(manager),
        rejections: new RejectionReadRepository(manager),
      });
    });
  }
}
