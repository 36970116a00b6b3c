import { Body, Controller, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { ApiAdminAccess, ApiAnswers, ApiManagerAccess, ApiProblems } from '../common/api-access.decorator.js';
import { BurnInCellParamsDto, SiteParamsDto } from './burn-in-cell-params.dto.js';
import { BurnInBoardView } from './burn-in-board.view.js';
import { BurnInCellList, BurnInCellView } from './burn-in-cell.view.js';
import { BurnInQuery } from './burn-in.query.js';
import { PutBurnInCellDto } from './put-burn-in-cell.dto.js';
import { PutBurnInCellUseCase } from './put-burn-in-cell.use-case.js';

@ApiTags('burn-in')
@Controller('v1/sites/:site')
export class BurnInController {
  constructor(
    private readonly burnIn: BurnInQuery,
    private readonly putCell: PutBurnInCellUseCase,
  ) {}

  @Get('burn-in')
  @ApiManagerAccess()
  @ApiOperation({
    summary:
      "A site's burn-in board: every position, the queue, the capacity verdict, utilisation, power, forecast",
    description:
      'Positions are free, running (with the soak time left), due, overdue (past maxHours), failed (awaiting ' +
      'rework or retest) or held. Capacity compares the positions the week’s target needs (Little’s law with the ' +
      'measured retest rate) with those the cells have. The forecast is the one /progress and the alerts use.',
  })
  @ApiAnswers(BurnInBoardView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  board(@Param() params: SiteParamsDto): Promise<BurnInBoardView> {
    return this.burnIn.board(params.site);
  }

  @Get('burn-in-cells')
  @ApiManagerAccess()
  @ApiOperation({ summary: "A site's burn-in cells: positions and kW per running position" })
  @ApiAnswers(BurnInCellList, HttpStatus.BAD_REQUEST)
  async cells(@Param() params: SiteParamsDto): Promise<BurnInCellList> {
    return { items: await this.burnIn.cells(params.site) };
  }

  @Put('burn-in-cells/:cell')
  @HttpCode(HttpStatus.OK)
  @RequireRole('admin')
  @ApiAdminAccess()
  @ApiOperation({
    summary: 'Register a burn-in cell or change its positions and power (admin; audited)',
    description:
      "A `started` at a stage with a dwell names a position of one of its site's cells. A cell cannot shrink " +
      'below a position a rack holds (409, naming the positions and racks).',
  })
  @ApiOkResponse({ type: BurnInCellView, description: 'The stored cell' })
  @ApiProblems(HttpStatus.BAD_REQUEST, HttpStatus.CONFLICT)
  put(
    @Param() params: BurnInCellParamsDto,
    @Body() body: PutBurnInCellDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<BurnInCellView> {
    return this.putCell.execute(
      {
        siteId: params.site,
        cellId: params.cell,
        positions: body.positions,
        kwPerPosition: body.kwPerPosition,
      },
      actor,
    );
  }
}
