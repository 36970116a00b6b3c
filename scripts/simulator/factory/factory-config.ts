import { STAGE_NAME_PATTERN } from '#domain';

/** One stage of the route as the floor runs it. */
export interface StageSpec {
  stage: string;
  /** Terminals at this stage on each line. */
  stations: number;
  /** Racks one station works on at once (a burn-in station is a room of chambers). */
  slotsPerStation: number;
  /** Mean time a rack spends at a station, and its coefficient of variation. */
  durationMinutes: number;
  durationSpread: number;
  /** Chance that the stage ends in `failed` (tests) rather than passing. */
  failureRate: number;
  /** How a good rack leaves the stage: tests say `passed`, build steps say `completed`. */
  passType: 'passed' | 'completed';
}

export interface LineSpec {
  lineId: string;
  /** Racks started per week; a line below its share of the site target runs behind plan. */
  racksPerWeek: number;
}

export interface SiteSpec {
  siteId: string;
  /** The site's weekly target, as the alerts service is told it. */
  weeklyTarget: number;
  timeZone: string;
  lines: LineSpec[];
}

/** Faults a terminal fleet commits on request; rates are per posted event unless said otherwise. */
export interface FaultRates {
  /** The same event posted again (a terminal that missed the 202). */
  duplicate: number;
  /** An event posted after the one that followed it (a buffered terminal); the terminal then re-posts. */
  outOfOrder: number;
  /** An event the rack's state does not allow (a confused operator). */
  illegal: number;
  /** An event stamped with a clock far ahead (a terminal that lost NTP), then re-posted correctly. */
  clockSkew: number;
  /** Chance per station and simulated hour that the terminal goes offline and later posts its backlog at once. */
  burstPerStationHour: number;
  burstMinutes: number;
}

export interface FactoryConfig {
  seed: number;
  rackModel: string;
  /** The route, in order, with how each stage is staffed. */
  stages: StageSpec[];
  sites: SiteSpec[];
  rework: {
    /** From `failed` to `rework_started`. */
    delayMinutes: number;
    durationMinutes: number;
    /** A rack failing this often is scrapped rather than reworked again. */
    maxFailures: number;
    /** Chance that a failure is judged not worth reworking. */
    scrapRate: number;
  };
  holds: {
    /** Chance per rack and stage that a supervisor holds the rack while it is worked on. */
    rate: number;
    durationMinutes: number;
  };
  /** Operators per station and shift (three shifts a day). */
  operatorsPerStation: number;
  faults: FaultRates;
}

export const NO_FAULTS: FaultRates = {
  duplicate: 0,
  outOfOrder: 0,
  illegal: 0,
  clockSkew: 0,
  burstPerStationHour: 0,
  burstMinutes: 20,
};

/** Light, realistic faults: what a real fleet of terminals does in a week. */
export const REALISTIC_FAULTS: FaultRates = {
  duplicate: 0.01,
  outOfOrder: 0.003,
  illegal: 0.005,
  clockSkew: 0.002,
  burstPerStationHour: 0.01,
  burstMinutes: 20,
};

/** The default route of ARCHITECTURE §1 staffed for ~500 racks a week per line. */
export function defaultStages(): StageSpec[] {
  return [
    {
      stage: 'assembly',
      stations: 4,
      slotsPerStation: 4,
      durationMinutes: 240,
      durationSpread: 0.2,
      failureRate: 0,
      passType: 'completed',
    },
    {
      stage: 'burn_in',
      stations: 3,
      slotsPerStation: 12,
      durationMinutes: 480,
      durationSpread: 0.1,
      failureRate: 0.08,
      passType: 'passed',
    },
    {
      stage: 'qa',
      stations: 2,
      slotsPerStation: 4,
      durationMinutes: 90,
      durationSpread: 0.3,
      failureRate: 0.04,
      passType: 'passed',
    },
    {
      stage: 'ship',
      stations: 1,
      slotsPerStation: 4,
      durationMinutes: 30,
      durationSpread: 0.3,
      failureRate: 0,
      passType: 'completed',
    },
  ];
}

/** One site of two lines making its 1,000 racks a week. */
export function defaultFactoryConfig(seed = 1): FactoryConfig {
  return {
    seed,
    rackModel: 'default',
    stages: defaultStages(),
    sites: [
      {
        siteId: 'site-1',
        weeklyTarget: 1000,
        timeZone: 'UTC',
        lines: [
          { lineId: 'line-1', racksPerWeek: 500 },
          { lineId: 'line-2', racksPerWeek: 500 },
        ],
      },
    ],
    rework: { delayMinutes: 30, durationMinutes: 120, maxFailures: 3, scrapRate: 0.05 },
    holds: { rate: 0.03, durationMinutes: 45 },
    operatorsPerStation: 2,
    faults: { ...NO_FAULTS },
  };
}

/**
 * The demo of `npm run system`: site fab-a meets its target on two lines; fab-b's one line starts far fewer
 * racks than its target needs, so its weekly progress falls behind plan and the behind-plan alert fires.
 */
export function demoFactoryConfig(seed = 1): FactoryConfig {
  return {
    ...defaultFactoryConfig(seed),
    sites: [
      {
        siteId: 'fab-a',
        weeklyTarget: 1000,
        timeZone: 'UTC',
        lines: [
          { lineId: 'a1', racksPerWeek: 540 },
          { lineId: 'a2', racksPerWeek: 540 },
        ],
      },
      { siteId: 'fab-b', weeklyTarget: 1000, timeZone: 'UTC', lines: [{ lineId: 'b1', racksPerWeek: 550 }] },
    ],
    faults: { ...REALISTIC_FAULTS },
  };
}

/**
 * A factory big enough to keep the pipeline saturated (benchmarks, fault injection): many lines with many
 * terminals, so thousands of racks are in flight and per-rack ordering never becomes the bottleneck.
 */
export function largeFactoryConfig(seed: number, lines: number, racksPerWeekPerLine = 2000): FactoryConfig {
  const base = defaultFactoryConfig(seed);
  const scale = racksPerWeekPerLine / 500;
  return {
    ...base,
    stages: base.stages.map((stage) => ({
      ...stage,
      stations: Math.max(1, Math.ceil(stage.stations * scale)),
    })),
    sites: [
      {
        siteId: 'site-1',
        weeklyTarget: lines * racksPerWeekPerLine,
        timeZone: 'UTC',
        lines: Array.from({ length: lines }, (_, index) => ({
          lineId: `line-${index + 1}`,
          racksPerWeek: racksPerWeekPerLine,
        })),
      },
    ],
  };
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,40}$/;

/** Every problem with a configuration (e.g. one read from a file), so the CLI can name them all at once. */
export function configProblems(config: FactoryConfig): string[] {
  const problems: string[] = [];
  const rate = (name: string, value: number) => {
    if (!Number.isFinite(value) || value < 0 || value > 1)
      problems.push(`${name} must be between 0 and 1 (got ${value})`);
  };
  const positive = (name: string, value: number) => {
    if (!Number.isFinite(value) || value <= 0)
      problems.push(`${name} must be a positive number (got ${value})`);
  };
  if (config.stages.length === 0) problems.push('stages must name at least one stage');
  const seen = new Set<string>();
  config.stages.forEach((stage, index) => {
    const at = `stages[${index}]`;
    if (!STAGE_NAME_PATTERN.test(stage.stage))
      problems.push(`${at}.stage must be lower_snake_case (got ${stage.stage})`);
    if (seen.has(stage.stage)) problems.push(`${at}.stage ${stage.stage} appears twice`);
    seen.add(stage.stage);
    if (!Number.isInteger(stage.stations) || stage.stations < 1)
      problems.push(`${at}.stations must be a positive integer`);
    if (!Number.isInteger(stage.slotsPerStation) || stage.slotsPerStation < 1)
      problems.push(`${at}.slotsPerStation must be a positive integer`);
    positive(`${at}.durationMinutes`, stage.durationMinutes);
    rate(`${at}.durationSpread`, stage.durationSpread);
    rate(`${at}.failureRate`, stage.failureRate);
    if (stage.passType !== 'passed' && stage.passType !== 'completed')
      problems.push(`${at}.passType must be passed or completed`);
  });
  if (config.sites.length === 0) problems.push('sites must name at least one site');
  const lineIds = new Set<string>();
  config.sites.forEach((site, index) => {
    const at = `sites[${index}]`;
    if (!ID_PATTERN.test(site.siteId))
      problems.push(`${at}.siteId must be a short identifier (got ${site.siteId})`);
    positive(`${at}.weeklyTarget`, site.weeklyTarget);
    if (site.lines.length === 0) problems.push(`${at}.lines must name at least one line`);
    site.lines.forEach((line, lineIndex) => {
      if (!ID_PATTERN.test(line.lineId))
        problems.push(`${at}.lines[${lineIndex}].lineId must be a short identifier (got ${line.lineId})`);
      const key = `${site.siteId}/${line.lineId}`;
      if (lineIds.has(key)) problems.push(`${at}.lines[${lineIndex}] repeats line ${key}`);
      lineIds.add(key);
      positive(`${at}.lines[${lineIndex}].racksPerWeek`, line.racksPerWeek);
    });
  });
  positive('rework.delayMinutes', config.rework.delayMinutes);
  positive('rework.durationMinutes', config.rework.durationMinutes);
  if (!Number.isInteger(config.rework.maxFailures) || config.rework.maxFailures < 1)
    problems.push('rework.maxFailures must be a positive integer');
  rate('rework.scrapRate', config.rework.scrapRate);
  rate('holds.rate', config.holds.rate);
  positive('holds.durationMinutes', config.holds.durationMinutes);
  if (!Number.isInteger(config.operatorsPerStation) || config.operatorsPerStation < 1)
    problems.push('operatorsPerStation must be a positive integer');
  rate('faults.duplicate', config.faults.duplicate);
  rate('faults.outOfOrder', config.faults.outOfOrder);
  rate('faults.illegal', config.faults.illegal);
  rate('faults.clockSkew', config.faults.clockSkew);
  rate('faults.burstPerStationHour', config.faults.burstPerStationHour);
  positive('faults.burstMinutes', config.faults.burstMinutes);
  return problems;
}
