import { Module } from '@nestjs/common';
import { GenealogyController } from './genealogy.controller.js';
import { GenealogyQuery } from './genealogy.query.js';
import { TraceQuery } from './trace.query.js';

/** As-built genealogy reads: rack trees, component histories and lot traces. */
@Module({ controllers: [GenealogyController], providers: [GenealogyQuery, TraceQuery] })
export class GenealogyModule {}
