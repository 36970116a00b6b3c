import { Body, Controller, Get, HttpStatus, Param, Put, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { ApiAdminAccess, ApiAnswers, ApiManagerAccess, ApiProblems } from '../common/api-access.decorator.js';
import { DispositionVersionParamsDto, PutDispositionTableDto } from './disposition-table.dto.js';
import { DispositionTableQuery } from './disposition-table.query.js';
import { DispositionTableVersionList, DispositionTableView } from './disposition-table.view.js';
import { PutDispositionTableUseCase } from './put-disposition-table.use-case.js';

@ApiTags('dispositions')
@Controller('v1/disposition-table')
export class DispositionsController {
  constructor(
    private readonly tables: DispositionTableQuery,
    private readonly putTable: PutDispositionTableUseCase,
  ) {}

  @Get()
  @ApiManagerAccess()
  @ApiOperation({
    summary:
      'The disposition table in force: failure code patterns and the actions they take, with escalation',
    description:
      'An exact code beats a prefix (`XID-*`), a longer prefix a shorter one. The same code on the same part ' +
      '(or the rack, when no part is named) again within `windowHours` takes the next action; a code no row ' +
      'covers goes to engineering_hold, which holds the rack with reason code mrb.',
  })
  @ApiAnswers(DispositionTableView)
  current(): Promise<DispositionTableView> {
    return this.tables.current();
  }

  @Get('versions')
  @ApiManagerAccess()
  @ApiOperation({ summary: 'Every version of the disposition table, newest first' })
  @ApiAnswers(DispositionTableVersionList)
  versions(): Promise<DispositionTableVersionList> {
    return this.tables.versions();
  }

  @Get('versions/:version')
  @ApiManagerAccess()
  @ApiOperation({ summary: 'One version of the disposition table (0: the one the project ships)' })
  @ApiAnswers(DispositionTableView, HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  version(@Param() params: DispositionVersionParamsDto): Promise<DispositionTableView> {
    return this.tables.version(params.version);
  }

  @Put()
  @HttpCode(HttpStatus.OK)
  @RequireRole('admin')
  @ApiAdminAccess()
  @ApiOperation({
    summary: 'Save the next version of the disposition table (admin; audited)',
    description:
      'The whole table, replacing the one in force for events ingest receives from now on; events already ' +
      'received keep the version that was in force then. Every problem is named by its row (`rules[3].actions`).',
  })
  @ApiOkResponse({ type: DispositionTableView, description: 'The version saved' })
  @ApiProblems(HttpStatus.BAD_REQUEST)
  put(
    @Body() body: PutDispositionTableDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DispositionTableView> {
    return this.putTable.execute(body.rules, body.note ?? null, actor);
  }
}
