import { Module } from '@nestjs/common';
import { QualityFailuresQuery } from './quality-failures.query.js';
import { QualityController } from './quality.controller.js';
import { SourcingQuery } from './sourcing.query.js';

/** Failure analysis and sourcing shares. */
@Module({ controllers: [QualityController], providers: [QualityFailuresQuery, SourcingQuery] })
export class QualityModule {}
