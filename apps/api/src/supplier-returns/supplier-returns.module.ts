import { Module } from '@nestjs/common';
import { CloseSupplierReturnUseCase } from './close-supplier-return.use-case.js';
import { SupplierReturnQuery } from './supplier-return.query.js';
import { SupplierReturnsController } from './supplier-returns.controller.js';

/** `/v1/rma`: supplier return cases, opened by the tracker, listed, exported and closed here. */
@Module({
  controllers: [SupplierReturnsController],
  providers: [SupplierReturnQuery, CloseSupplierReturnUseCase],
})
export class SupplierReturnsModule {}
