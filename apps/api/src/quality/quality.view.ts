import { ApiProperty } from '@nestjs/swagger';
import { WEEKDAYS } from '#domain';
import { FAILURE_GROUPINGS } from './quality.dto.js';
import { ApiDateTime, TimeWindowView } from '../common/date-time.view.js';

export class ParetoEntryView {
  @ApiProperty({
    example: 'GPU-B200',
    description: 'The part number, supplier id, lot, failure code or measurement name',
  })
  key: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "partNumber: the part's kind; supplier: its name; lot: its supplier id; code: the action it was most often " +
      'dispositioned to; measurement: its unit',
  })
  label: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'supplier: its registered country' })
  country: string | null;

  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'lot: the part numbers in it; code: the part numbers it was reported on',
  })
  partNumbers: string[] | null;

  @ApiProperty({
    description: 'Failed components named (code: failures reported; measurement: measurements out of limits)',
  })
  failures: number;

  @ApiProperty({ description: 'Distinct racks those failures happened in' })
  racks: number;

  @ApiProperty({ example: 0.42 })
  share: number;

  @ApiProperty({ example: 0.81 })
  cumulativeShare: number;
}

export class StageYieldView {
  @ApiProperty({ example: 'burn_in' })
  stage: string;

  @ApiProperty({
    description: 'Racks whose first outcome at the stage (passed, completed or failed) fell in the window',
  })
  tested: number;

  @ApiProperty()
  passedFirstTime: number;

  @ApiProperty({ type: Number, nullable: true, example: 0.93 })
  firstPassYield: number | null;
}

export class ModelStageYieldView extends StageYieldView {
  @ApiProperty({ example: 'gb200-nvl72' })
  model: string;
}

export class FirstPassYieldView {
  @ApiProperty({ type: [StageYieldView] })
  byStage: StageYieldView[];

  @ApiProperty({ type: [ModelStageYieldView] })
  byModel: ModelStageYieldView[];
}

export class RetestBucketView {
  @ApiProperty({ description: 'Outcomes after the first at this stage' })
  retests: number;

  @ApiProperty()
  racks: number;
}

export class StageRetestsView {
  @ApiProperty()
  stage: string;

  @ApiProperty()
  racks: number;

  @ApiProperty()
  meanRetests: number;

  @ApiProperty({ type: [RetestBucketView] })
  distribution: RetestBucketView[];
}

/** Failures in the window [from, to), by when the failing test happened. */
export class QualityFailuresView extends TimeWindowView {
  @ApiProperty({ type: String, nullable: true, description: 'The site asked for; null: every site' })
  site: string | null;

  @ApiProperty({ enum: FAILURE_GROUPINGS })
  groupBy: string;

  @ApiProperty()
  totalFailures: number;

  @ApiProperty({ type: [ParetoEntryView], description: 'Largest first' })
  pareto: ParetoEntryView[];

  @ApiProperty({ description: 'Failures of the groups beyond `limit`' })
  otherFailures: number;

  @ApiProperty()
  otherGroups: number;

  @ApiProperty({ type: FirstPassYieldView })
  firstPassYield: FirstPassYieldView;

  @ApiProperty({
    type: [StageRetestsView],
    description: 'Racks first tested in the window, by retests needed',
  })
  retests: StageRetestsView[];
}

export class CountryShareView {
  @ApiProperty({ type: String, nullable: true, example: 'US', description: 'null: supplier not registered' })
  country: string | null;

  @ApiProperty()
  parts: number;

  @ApiProperty({ example: 0.61 })
  share: number;
}

/** Parts counted by supplier country: what the share shows for a kind of part and for a rack. */
export class CountryBreakdownView {
  @ApiProperty()
  parts: number;

  @ApiProperty({ type: [CountryShareView] })
  byCountry: CountryShareView[];
}

export class KindSourcingView extends CountryBreakdownView {
  @ApiProperty({ example: 'gpu' })
  kind: string;
}

export class RackSourcingView extends CountryBreakdownView {
  @ApiProperty()
  rackSerial: string;

  @ApiProperty()
  siteId: string;
}

export const WEEK_CALENDARS = ['site', 'default'] as const;
export type WeekCalendar = (typeof WEEK_CALENDARS)[number];

export class SourcingView {
  @ApiProperty({ type: String, nullable: true })
  site: string | null;

  @ApiProperty({
    enum: WEEK_CALENDARS,
    description:
      "site: the week is the site's production week, from its shift calendar; default: no site was given or " +
      'the site has no calendar configured, so the week runs Monday 00:00 UTC to Monday 00:00 UTC',
  })
  calendar: WeekCalendar;

  @ApiProperty({ example: 'Europe/Berlin', description: 'The time zone the week is read in' })
  timeZone: string;

  @ApiProperty({ enum: WEEKDAYS, example: 'monday' })
  weekStartsOn: string;

  @ApiProperty({
    example: '2026-W48',
    description:
      "The ISO week of the Thursday inside the week (for weeks from Monday, the week's own ISO week)",
  })
  week: string;

  @ApiProperty({ example: '2026-11-23', description: "Local date of the week's first day" })
  firstDay: string;

  @ApiDateTime("The week's start: local midnight of its first day")
  from: string;

  @ApiDateTime("The week's end (exclusive): local midnight seven days later")
  to: string;

  @ApiProperty({ description: 'Parts installed in the week and still in place at its end' })
  parts: number;

  @ApiProperty({ type: [CountryShareView] })
  byCountry: CountryShareView[];

  @ApiProperty({ type: [KindSourcingView] })
  byKind: KindSourcingView[];

  @ApiProperty({
    type: [RackSourcingView],
    description: 'Per rack, in serial order; empty with `racks=false`',
  })
  racks: RackSourcingView[];
}

export class CodeCountView {
  @ApiProperty({ example: 'XID-79' })
  code: string;

  @ApiProperty()
  failures: number;
}

/** One supplier's quality over the window. */
export class SupplierQualityView {
  @ApiProperty({ example: 'sup-tw-02' })
  supplierId: string;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'ISO 3166-1 alpha-2, as registered' })
  country: string | null;

  @ApiProperty({ description: 'Parts installed in the window' })
  installed: number;

  @ApiProperty({ description: 'Distinct parts that failed in the window' })
  failed: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'failed per 1,000 installed; null without installs',
  })
  failuresPerThousand: number | null;

  @ApiProperty({ description: 'Returns opened in the window, still open' })
  returnsOpen: number;

  @ApiProperty({ description: '…closed as confirmed faulty' })
  returnsConfirmed: number;

  @ApiProperty({ description: '…closed as no fault found' })
  returnsNoFaultFound: number;

  @ApiProperty({ type: [CodeCountView], description: 'The three failure codes most reported on its parts' })
  topCodes: CodeCountView[];
}

export class SupplierQualityList extends TimeWindowView {
  @ApiProperty({ type: String, nullable: true })
  site: string | null;

  @ApiProperty({ type: [SupplierQualityView], description: 'Most failed parts first' })
  items: SupplierQualityView[];
}

export const PARETO_CSV_COLUMNS = [
  'rank',
  'key',
  'label',
  'country',
  'partNumbers',
  'failures',
  'racks',
  'share',
  'cumulativeShare',
] as const;

/** One Pareto row: part numbers joined with `;`, shares as fractions (0.42), as the JSON has them. */
export function toParetoCsvRow(entry: ParetoEntryView, rank: number): (string | number | null)[] {
  return [
    rank,
    entry.key,
    entry.label,
    entry.country,
    entry.partNumbers === null ? null : entry.partNumbers.join(';'),
    entry.failures,
    entry.racks,
    entry.share,
    entry.cumulativeShare,
  ];
}
