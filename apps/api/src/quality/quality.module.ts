import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QualityReadRepository, SiteTargetRepository, SourcingReadRepository } from '#persistence';
import { QUALITY_CLOCK, systemClock } from './quality-clock.js';
import { QualityController } from './quality.controller.js';
import { QualityService } from './quality.service.js';
import { SourcingService } from './sourcing.service.js';

/** Failure analysis and sourcing shares. */
@Module({
  controllers: [QualityController],
  providers: [
    {
      provide: QualityReadRepository,
      useFactory: (db: DataSource) => new QualityReadRepository(db),
      inject: [DataSource],
    },
    {
      provide: SourcingReadRepository,
      useFactory: (db: DataSource) => new SourcingReadRepository(db),
      inject: [DataSource],
    },
    {
      provide: SiteTargetRepository,
      useFactory: (db: DataSource) => new SiteTargetRepository(db),
      inject: [DataSource],
    },
    { provide: QUALITY_CLOCK, useValue: systemClock },
    QualityService,
    SourcingService,
  ],
})
export class QualityModule {}
