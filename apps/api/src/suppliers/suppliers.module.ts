import { Module } from '@nestjs/common';
import { PutSupplierUseCase } from './put-supplier.use-case.js';
import { SupplierQuery } from './supplier.query.js';
import { SuppliersController } from './suppliers.controller.js';

/** Supplier registry (name, country) for genealogy and the sourcing share. */
@Module({ controllers: [SuppliersController], providers: [SupplierQuery, PutSupplierUseCase] })
export class SuppliersModule {}
