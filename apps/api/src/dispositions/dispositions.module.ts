import { Module } from '@nestjs/common';
import { DispositionTableQuery } from './disposition-table.query.js';
import { DispositionsController } from './dispositions.controller.js';
import { PutDispositionTableUseCase } from './put-disposition-table.use-case.js';

/** `/v1/disposition-table`: what each failure code makes the line do (versioned, changed by admins, audited). */
@Module({
  controllers: [DispositionsController],
  providers: [DispositionTableQuery, PutDispositionTableUseCase],
})
export class DispositionsModule {}
