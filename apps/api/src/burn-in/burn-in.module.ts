import { Module } from '@nestjs/common';
import { BurnInController } from './burn-in.controller.js';
import { BurnInQuery } from './burn-in.query.js';
import { PutBurnInCellUseCase } from './put-burn-in-cell.use-case.js';

/** `/v1/sites/{site}/burn-in…`: cells and positions (changed, audited, by admins) and the burn-in board. */
@Module({ controllers: [BurnInController], providers: [BurnInQuery, PutBurnInCellUseCase] })
export class BurnInModule {}
