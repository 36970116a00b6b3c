import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { ApiAdminAccess, ApiManagerAccess, ApiProblems } from '../common/api-access.decorator.js';
import { ApiJsonOrCsv, sendCsv, wantsCsv } from '../common/csv.js';
import { CloseSupplierReturnUseCase } from './close-supplier-return.use-case.js';
import {
  CloseSupplierReturnDto,
  ListSupplierReturnsDto,
  SupplierReturnParamsDto,
} from './supplier-return.dto.js';
import { SupplierReturnQuery } from './supplier-return.query.js';
import { SupplierReturnPage, SupplierReturnView } from './supplier-return.view.js';

@ApiTags('supplier returns')
@Controller('v1/rma')
export class SupplierReturnsController {
  constructor(
    private readonly returns: SupplierReturnQuery,
    private readonly closeReturn: CloseSupplierReturnUseCase,
  ) {}

  @Get()
  @ApiManagerAccess()
  @ApiOperation({
    summary: 'Supplier return (RMA) cases, newest first; every matching case as CSV with Accept: text/csv',
    description:
      'A case opens when rework removes a part whose failure was dispositioned replace_part: supplier, part ' +
      'number, serial, lot, codes, the failed test’s measurements, the rack and the failure’s event id.',
  })
  @ApiJsonOrCsv(
    SupplierReturnPage,
    {
      description: 'one row per case, codes and measurements joined with `;`',
      example:
        'id,status,supplierId,supplierName,supplierCountry,partNumber,kind,componentSerial,lot,codes,rackSerial,siteId,failureEventId,removalEventId,openedAt,closedAt,closedBy,note,measurements\n' +
        '12,open,sup-tw-02,Formosa Silicon,TW,GPU-B200,gpu,GPU-5512,W47-A,XID-79,RK-2026-000123,site-1,0b9f…,5c2e…,2026-11-24T09:00:00.000Z,,,,gpu_temp_max=97.5 C (out of limits)\n',
    },
    HttpStatus.BAD_REQUEST,
  )
  async list(
    @Query() query: ListSupplierReturnsDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SupplierReturnPage | undefined> {
    if (!wantsCsv(accept)) return this.returns.page(query);
    await sendCsv(response, 'supplier-returns.csv', this.returns.csv(query));
    return undefined;
  }

  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @RequireRole('admin')
  @ApiAdminAccess()
  @ApiOperation({
    summary: "Close a return with the supplier's finding: confirmed or no_fault_found (admin; audited)",
  })
  @ApiOkResponse({ type: SupplierReturnView })
  @ApiProblems(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND, HttpStatus.CONFLICT)
  close(
    @Param() params: SupplierReturnParamsDto,
    @Body() body: CloseSupplierReturnDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<SupplierReturnView> {
    return this.closeReturn.execute(params.id, body, actor);
  }
}
