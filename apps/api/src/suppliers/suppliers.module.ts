import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SupplierRepository } from '#persistence';
import { SupplierService } from './supplier.service.js';
import { SuppliersController } from './suppliers.controller.js';

/** Supplier registry (name, country) for genealogy and the sourcing share. */
@Module({
  controllers: [SuppliersController],
  providers: [
    {
      provide: SupplierRepository,
      useFactory: (db: DataSource) => new SupplierRepository(db),
      inject: [DataSource],
    },
    SupplierService,
  ],
})
export class SuppliersModule {}
