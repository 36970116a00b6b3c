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
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { ApiAdminAccess, ApiManagerAccess, ApiProblems } from '../common/api-access.decorator.js';
import { CloseSupplierReturnUseCase } from './close-supplier-return.use-case.js';
import {
  CloseSupplierReturnDto,
  ListSupplierReturnsDto,
  SupplierReturnParamsDto,
} from './supplier-return.dto.js';
import { SupplierReturnQuery } from './supplier-return.query.js';
import { SupplierReturnPage, SupplierReturnView } from './supplier-return.view.js';

/** Whether the client asked for CSV before JSON (`Accept: text/csv`). */
function wantsCsv(accept: string | undefined): boolean {
  return (
    accept !== undefined && /(^|,)\s*text\/csv/i.test(accept) && !/(^|,)\s*application\/json/i.test(accept)
  );
}

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
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: SupplierReturnPage })
  @ApiProblems(HttpStatus.BAD_REQUEST)
  async list(
    @Query() query: ListSupplierReturnsDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SupplierReturnPage | undefined> {
    if (!wantsCsv(accept)) return this.returns.page(query);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="supplier-returns.csv"');
    for await (const chunk of this.returns.csv(query)) response.write(chunk);
    response.end();
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
