import { Body, Controller, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { ApiAdminAccess, ApiAnswers, ApiManagerAccess, ApiProblems } from '../common/api-access.decorator.js';
import { PutSupplierUseCase } from './put-supplier.use-case.js';
import { PutSupplierDto, SupplierIdParamsDto } from './supplier.dto.js';
import { SupplierQuery } from './supplier.query.js';
import { SupplierList, SupplierView } from './supplier.view.js';

@ApiTags('suppliers')
@Controller('v1/suppliers')
export class SuppliersController {
  constructor(
    private readonly suppliers: SupplierQuery,
    private readonly putSupplier: PutSupplierUseCase,
  ) {}

  @Get()
  @ApiManagerAccess()
  @ApiOperation({ summary: 'Every registered supplier, by id' })
  @ApiAnswers(SupplierList)
  async list(): Promise<SupplierList> {
    return { items: await this.suppliers.list() };
  }

  @Get(':id')
  @ApiManagerAccess()
  @ApiOperation({ summary: 'One supplier' })
  @ApiAnswers(SupplierView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  get(@Param() params: SupplierIdParamsDto): Promise<SupplierView> {
    return this.suppliers.get(params.id);
  }

  @Put(':id')
  @HttpCode(HttpStatus.OK)
  @RequireRole('admin')
  @ApiAdminAccess()
  @ApiOperation({
    summary: 'Create or replace a supplier: name and ISO country (admin; audited)',
    description:
      'Installs name suppliers by id whether or not they are registered; the country feeds /v1/sourcing.',
  })
  @ApiOkResponse({ type: SupplierView, description: 'The stored supplier' })
  @ApiProblems(HttpStatus.BAD_REQUEST)
  put(
    @Param() params: SupplierIdParamsDto,
    @Body() body: PutSupplierDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<SupplierView> {
    return this.putSupplier.execute({ id: params.id, name: body.name, country: body.country }, actor);
  }
}
