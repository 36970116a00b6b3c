import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GenealogyReadRepository, RackReadRepository } from '#persistence';

export interface GenealogyRepositories {
  genealogy: GenealogyReadRepository;
  racks: RackReadRepository;
}

/**
 * Several genealogy reads against one committed state: the tracker writes an install, its event and the
 * rack in one transaction, so a tree read across two of its commits could show a part without its event.
 */
@Injectable()
export class GenealogySnapshot {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (repositories: GenealogyRepositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work({
        genealogy: new GenealogyReadRepository(manager),
        racks: new RackReadRepository(manager),
      });
    });
  }
}
