import { ApiProperty } from '@nestjs/swagger';
import { DISPOSITION_ACTIONS, type DispositionAction, type DispositionTable } from '#domain';
import type { StoredDispositionTable } from '#persistence';
import { ApiDateTimeOrNull } from '../common/date-time.view.js';

export class DispositionRuleView {
  @ApiProperty({ example: 'XID-79' })
  pattern: string;

  @ApiProperty({ enum: DISPOSITION_ACTIONS, isArray: true })
  actions: DispositionAction[];

  @ApiProperty({ example: 168 })
  windowHours: number;

  @ApiProperty()
  why: string;
}

export class DispositionTableView {
  @ApiProperty({ example: 3, description: '0 is the table the project ships, in force until one is saved' })
  version: number;

  @ApiDateTimeOrNull('From when events received by ingest are dispositioned by it; null for version 0')
  effectiveFrom: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who saved it; null for version 0' })
  savedBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: [DispositionRuleView] })
  rules: DispositionRuleView[];
}

export class DispositionTableVersionList {
  @ApiProperty({ type: [DispositionTableView], description: 'Newest first, ending with version 0' })
  items: DispositionTableView[];
}

function rulesOf(table: DispositionTable): DispositionRuleView[] {
  return table.rules.map(({ pattern, actions, windowHours, why }) => ({
    pattern,
    actions: [...actions],
    windowHours,
    why,
  }));
}

export function toShippedTableView(table: DispositionTable): DispositionTableView {
  return {
    version: table.version,
    effectiveFrom: null,
    savedBy: null,
    note: 'shipped with the project',
    rules: rulesOf(table),
  };
}

export function toDispositionTableView(stored: StoredDispositionTable): DispositionTableView {
  return {
    version: stored.table.version,
    effectiveFrom: stored.effectiveFrom.toISOString(),
    savedBy: stored.savedBy,
    note: stored.note,
    rules: rulesOf(stored.table),
  };
}
