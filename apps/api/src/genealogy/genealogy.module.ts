import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GenealogyReadRepository } from '#persistence';
import { GenealogyController } from './genealogy.controller.js';
import { GenealogyQueryService } from './genealogy-query.service.js';
import { GenealogySnapshot } from './genealogy-snapshot.service.js';
import { TraceService } from './trace.service.js';

/** As-built genealogy reads: rack trees, component histories and lot traces. */
@Module({
  controllers: [GenealogyController],
  providers: [
    {
      provide: GenealogyReadRepository,
      useFactory: (db: DataSource) => new GenealogyReadRepository(db),
      inject: [DataSource],
    },
    GenealogySnapshot,
    GenealogyQueryService,
    TraceService,
  ],
})
export class GenealogyModule {}
