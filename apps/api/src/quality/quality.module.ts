import { Module } from '@nestjs/common';
import { QualityFailuresQuery, SupplierQualityQuery } from './quality-failures.query.js';
import { QualityController } from './quality.controller.js';
import { SourcingQuery } from './sourcing.query.js';

/** Failure analysis and sourcing shares. */
@Module({
  controllers: [QualityController],
  providers: [QualityFailuresQuery, SourcingQuery, SupplierQualityQuery],
})
export class QualityModule {}
