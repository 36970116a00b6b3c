import { STATION_EVENT_LIMITS } from '#contracts';
import {
  BurnInOccupancy,
  COMPONENT_KINDS,
  DEFAULT_RACK_MODEL,
  isComponentKind,
  MAX_REQUIRED_SLOTS,
  STAGE_NAME_PATTERN,
  type ComponentKind,
  type RackRoute,
  type StageDwell,
  type StageDwellInput,
} from '#domain';

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
  /**
   * Chance that the stage ends in `failed` (tests) rather than passing. Ignored at the test stage of a bill of
   * materials, where the rack fails when one of its parts does.
   */
  failureRate: number;
  /** How a good rack leaves the stage: tests say `passed`, build steps say `completed`. */
  passType: 'passed' | 'completed';
  /**
   * A minimum soak (burn-in): the route carries it, a rack starting here takes a position of one of its site's
   * burn-in cells (instead of a station slot) and keeps it through failure and rework until it passes or is
   * scrapped, and a run lasts at least the minimum (the retest minimum after rework), holds not counted.
   */
  dwell?: StageDwellInput;
}

/** A burn-in cell of a site: numbered positions, each drawing `kwPerPosition` while a rack soaks in it. */
export interface BurnInCellSpec {
  cellId: string;
  positions: number;
  kwPerPosition: number;
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
  /** Needed when a stage has a dwell; cell ids unique across the factory. */
  burnInCells?: BurnInCellSpec[];
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
  /**
   * Chance per component install that the terminal first scans a serial already installed in another rack
   * (a mislabelled part); needs a bill of materials. Absent means 0.
   */
  componentReuse?: number;
}

/** A company parts are bought from, as `PUT /v1/suppliers/:id` registers it (the country feeds /v1/sourcing). */
export interface SupplierSpec {
  supplierId: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** One supplier a part may come from, and how good its parts are. */
export interface PartSource {
  supplierId: string;
  /** Relative share of the parts bought from this supplier (the shares of a part need not add up to 1). */
  share: number;
  /** Lot codes read `<lotPrefix>-0001`, `<lotPrefix>-0002`, …: a new lot every `lotSize` parts of this source. */
  lotPrefix: string;
  lotSize: number;
  /** Chance that one part from this supplier fails one burn-in run. */
  burnInFailureRate: number;
  /** One lot of this source that escaped the supplier's outgoing test: its parts fail at this rate instead. */
  escapedLot?: { lot: number; burnInFailureRate: number };
}

/** A line of the bill of materials: `quantity` of this part in each parent (each rack, for top-level parts). */
export interface PartSpec {
  kind: ComponentKind;
  partNumber: string;
  quantity: number;
  /** Serials read `<serialPrefix>-<RUN>-0000001`. */
  serialPrefix: string;
  sources: PartSource[];
  /** Parts that sit inside this one (GPUs in a compute tray), installed with it and recorded with it as parent. */
  children?: PartSpec[];
}

/**
 * What goes into a rack, and where it comes from. With a bill of materials the assembly stage installs the
 * as-built tree, the test stage fails a rack when one of its parts fails (at the part's supplier's rate), and
 * rework swaps the failed parts.
 */
export interface BillOfMaterials {
  suppliers: SupplierSpec[];
  parts: PartSpec[];
  /** The stage whose failures are blamed on parts (the others keep their flat failure rate). */
  testStage: string;
  /** Components one `component_installed` event carries at most; a part always travels with its children. */
  componentsPerEvent: number;
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
  /** Absent: racks are built without genealogy (no component events), as the benchmarks and the chaos suite want. */
  billOfMaterials?: BillOfMaterials;
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
  componentReuse: 0.002,
};

/** The default route staffed for ~500 racks a week per line. */
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

/** A GB200-class rack's burn-in: 72 h soak, overdue past 1.5×, a third of it again after rework. */
export const GB200_SOAK_HOURS = 72;
/** The demo's compressed soak (see demoFactoryConfig). */
export const DEMO_SOAK_HOURS = 12;

/**
 * The burn-in stage with a dwell of `soakHours` (retests a third of it, overdue past one and a half times it):
 * runs take the soak plus a little (racks are not pulled the minute they are due).
 */
export function soakingBurnIn(soakHours: number): StageSpec {
  const burnIn = defaultStages().find((stage) => stage.stage === 'burn_in')!;
  return {
    ...burnIn,
    durationMinutes: soakHours * 60,
    dwell: { minHours: soakHours, maxHours: soakHours * 1.5, retestMinHours: soakHours / 3 },
  };
}

/** `count` cells of `positions` positions named `<prefix>1`, `<prefix>2`, …, at 132 kW a position (GB200 NVL72). */
export function burnInCells(prefix: string, count: number, positions: number): BurnInCellSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    cellId: `${prefix}${index + 1}`,
    positions,
    kwPerPosition: 132,
  }));
}

/**
 * The demo of `npm run system`: site fab-a meets its target on two lines; fab-b's one line starts far fewer
 * racks than its target needs, so its weekly progress falls behind plan and the behind-plan alert fires.
 *
 * Burn-in soaks `soakHours`, compressed from a real 72 h by default so that a demo watched live sees racks
 * finish: at 12 h, 1,000 racks a week need 1000 ÷ 168 × 12 ≈ 72 positions (a few more for retests). fab-a has
 * 96; fab-b has 36, so its burn_in_capacity alert fires and its line queues for burn-in.
 */
export function demoFactoryConfig(seed = 1, soakHours = DEMO_SOAK_HOURS): FactoryConfig {
  const base = defaultFactoryConfig(seed);
  return {
    ...base,
    rackModel: 'gb200-nvl72',
    billOfMaterials: liquidCooledRackBillOfMaterials(),
    stages: base.stages.map((stage) => (stage.stage === 'burn_in' ? soakingBurnIn(soakHours) : stage)),
    sites: [
      {
        siteId: 'fab-a',
        weeklyTarget: 1000,
        timeZone: 'UTC',
        lines: [
          { lineId: 'a1', racksPerWeek: 540 },
          { lineId: 'a2', racksPerWeek: 540 },
        ],
        burnInCells: burnInCells('BI-A', 2, Math.ceil((96 * soakHours) / DEMO_SOAK_HOURS / 2)),
      },
      {
        siteId: 'fab-b',
        weeklyTarget: 1000,
        timeZone: 'UTC',
        lines: [{ lineId: 'b1', racksPerWeek: 550 }],
        burnInCells: burnInCells('BI-B', 1, Math.ceil((36 * soakHours) / DEMO_SOAK_HOURS)),
      },
    ],
    faults: { ...REALISTIC_FAULTS },
  };
}

/**
 * A liquid-cooled 72-GPU rack: 18 compute trays of 4 GPUs, 2 CPUs and 4 NICs, 9 switch trays, 24 PSUs, 4 cable
 * cartridges and 2 coolant manifolds — 237 parts, installed in 6 events. Per rack a burn-in fails about 9% of the
 * time; most of that is GPUs, and the GPUs of sup-kr-02 fail five times as often as those of sup-tw-02.
 */
export function liquidCooledRackBillOfMaterials(): BillOfMaterials {
  return {
    suppliers: [
      { supplierId: 'sup-tw-02', name: 'Hsinchu Silicon Co.', country: 'TW' },
      { supplierId: 'sup-kr-02', name: 'Gyeonggi Accelerator Works', country: 'KR' },
      { supplierId: 'sup-us-01', name: 'Austin Compute Works', country: 'US' },
      { supplierId: 'sup-mx-01', name: 'Guadalajara Systems Assembly', country: 'MX' },
      { supplierId: 'sup-il-01', name: 'Yokneam Networks', country: 'IL' },
      { supplierId: 'sup-vn-01', name: 'Hai Phong Electronics', country: 'VN' },
      { supplierId: 'sup-cn-03', name: 'Shenzhen Power Systems', country: 'CN' },
      { supplierId: 'sup-my-01', name: 'Penang Interconnect', country: 'MY' },
      { supplierId: 'sup-de-01', name: 'Stuttgart Thermal', country: 'DE' },
    ],
    testStage: 'burn_in',
    componentsPerEvent: 44,
    parts: [
      {
        kind: 'compute_tray',
        partNumber: 'CT-GB200-1U',
        quantity: 18,
        serialPrefix: 'CT',
        sources: [
          {
            supplierId: 'sup-mx-01',
            share: 0.7,
            lotPrefix: 'MX-CT',
            lotSize: 180,
            burnInFailureRate: 0.0004,
          },
          {
            supplierId: 'sup-tw-02',
            share: 0.3,
            lotPrefix: 'TW-CT',
            lotSize: 180,
            burnInFailureRate: 0.0004,
          },
        ],
        children: [
          {
            kind: 'gpu',
            partNumber: 'GPU-B200-186G',
            quantity: 4,
            serialPrefix: 'GPU',
            sources: [
              {
                supplierId: 'sup-tw-02',
                share: 0.6,
                lotPrefix: 'TW-W47',
                lotSize: 720,
                burnInFailureRate: 0.0002,
              },
              {
                supplierId: 'sup-kr-02',
                share: 0.4,
                lotPrefix: 'KR-B',
                lotSize: 500,
                burnInFailureRate: 0.001,
                // KR-B-0002 fails burn-in thirty times as often: the demo's lot escape.
                escapedLot: { lot: 2, burnInFailureRate: 0.03 },
              },
            ],
          },
          {
            kind: 'cpu',
            partNumber: 'CPU-GRACE-72C',
            quantity: 2,
            serialPrefix: 'CPU',
            sources: [
              {
                supplierId: 'sup-us-01',
                share: 0.5,
                lotPrefix: 'US-G',
                lotSize: 360,
                burnInFailureRate: 0.0002,
              },
              {
                supplierId: 'sup-tw-02',
                share: 0.5,
                lotPrefix: 'TW-G',
                lotSize: 360,
                burnInFailureRate: 0.0003,
              },
            ],
          },
          {
            kind: 'nic',
            partNumber: 'NIC-CX7-400G',
            quantity: 4,
            serialPrefix: 'NIC',
            sources: [
              {
                supplierId: 'sup-il-01',
                share: 0.6,
                lotPrefix: 'IL-N',
                lotSize: 1000,
                burnInFailureRate: 0.0001,
              },
              {
                supplierId: 'sup-vn-01',
                share: 0.4,
                lotPrefix: 'VN-N',
                lotSize: 1000,
                burnInFailureRate: 0.0002,
              },
            ],
          },
        ],
      },
      {
        kind: 'switch_tray',
        partNumber: 'SW-NVL5-1U',
        quantity: 9,
        serialPrefix: 'SW',
        sources: [
          { supplierId: 'sup-mx-01', share: 0.5, lotPrefix: 'MX-SW', lotSize: 90, burnInFailureRate: 0.0008 },
          { supplierId: 'sup-tw-02', share: 0.5, lotPrefix: 'TW-SW', lotSize: 90, burnInFailureRate: 0.0006 },
        ],
      },
      {
        kind: 'psu',
        partNumber: 'PSU-5K5-54V',
        quantity: 24,
        serialPrefix: 'PSU',
        sources: [
          { supplierId: 'sup-cn-03', share: 0.5, lotPrefix: 'CN-P', lotSize: 600, burnInFailureRate: 0.0008 },
          { supplierId: 'sup-vn-01', share: 0.5, lotPrefix: 'VN-P', lotSize: 600, burnInFailureRate: 0.0003 },
        ],
      },
      {
        kind: 'cable_cartridge',
        partNumber: 'CBL-NVL-CART',
        quantity: 4,
        serialPrefix: 'CBL',
        sources: [
          { supplierId: 'sup-my-01', share: 0.7, lotPrefix: 'MY-C', lotSize: 200, burnInFailureRate: 0.001 },
          { supplierId: 'sup-vn-01', share: 0.3, lotPrefix: 'VN-C', lotSize: 200, burnInFailureRate: 0.002 },
        ],
      },
      {
        kind: 'cooling',
        partNumber: 'CDU-MANIFOLD-R',
        quantity: 2,
        serialPrefix: 'MAN',
        sources: [
          { supplierId: 'sup-de-01', share: 0.5, lotPrefix: 'DE-M', lotSize: 100, burnInFailureRate: 0.002 },
          { supplierId: 'sup-my-01', share: 0.5, lotPrefix: 'MY-M', lotSize: 100, burnInFailureRate: 0.003 },
        ],
      },
    ],
  };
}

/** How many parts one top-level part brings with it (itself and every part inside it). */
export function unitSize(part: PartSpec): number {
  return 1 + (part.children ?? []).reduce((sum, child) => sum + child.quantity * unitSize(child), 0);
}

/** Parts of each kind in one complete rack. */
export function partCountsByKind(bom: BillOfMaterials): Partial<Record<ComponentKind, number>> {
  const counts: Partial<Record<ComponentKind, number>> = {};
  const visit = (part: PartSpec, multiplier: number) => {
    const count = multiplier * part.quantity;
    counts[part.kind] = (counts[part.kind] ?? 0) + count;
    for (const child of part.children ?? []) visit(child, count);
  };
  for (const part of bom.parts) visit(part, 1);
  return counts;
}

/**
 * The route the simulated factory follows, as the tracker must know it. Slots are required only of a model of its
 * own: the simulator registers that route, while `default` stays the built-in route without slots.
 */
export function factoryRoute(config: FactoryConfig): RackRoute {
  const requiredSlots =
    config.billOfMaterials !== undefined && config.rackModel !== DEFAULT_RACK_MODEL
      ? partCountsByKind(config.billOfMaterials)
      : {};
  const dwell: Record<string, StageDwell> = {};
  for (const stage of config.stages) {
    if (stage.dwell === undefined) continue;
    dwell[stage.stage] = {
      minHours: stage.dwell.minHours,
      maxHours: stage.dwell.maxHours ?? null,
      retestMinHours: stage.dwell.retestMinHours ?? null,
    };
  }
  return { model: config.rackModel, stages: config.stages.map((stage) => stage.stage), requiredSlots, dwell };
}

/**
 * The factory's burn-in positions as the tracker's rules consult them, all free to begin with. Cell ids are
 * unique across a factory (configProblems checks), so one lookup serves every site.
 */
export function burnInPositionsOf(cells: readonly BurnInCellSpec[]): BurnInOccupancy {
  const byId = new Map(cells.map((cell) => [cell.cellId, { siteId: '', ...cell }]));
  return new BurnInOccupancy({ cell: (cellId) => byId.get(cellId), occupant: () => undefined });
}

/** Every burn-in cell of the factory's sites. */
export function factoryCells(config: FactoryConfig): BurnInCellSpec[] {
  return config.sites.flatMap((site) => site.burnInCells ?? []);
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
    if (stage.dwell !== undefined) positive(`${at}.dwell.minHours`, stage.dwell.minHours);
  });
  const dwelling = config.stages.some((stage) => stage.dwell !== undefined);
  const cellIds = new Set<string>();
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
    const cells = site.burnInCells ?? [];
    if (dwelling && cells.length === 0)
      problems.push(`${at}.burnInCells must name at least one cell: a stage has a dwell`);
    cells.forEach((cell, cellIndex) => {
      const where = `${at}.burnInCells[${cellIndex}]`;
      if (!STATION_EVENT_LIMITS.cellPattern.test(cell.cellId))
        problems.push(`${where}.cellId must be a short cell id (got ${cell.cellId})`);
      if (cellIds.has(cell.cellId))
        problems.push(`${where}.cellId ${cell.cellId} is used twice in the factory`);
      cellIds.add(cell.cellId);
      if (
        !Number.isInteger(cell.positions) ||
        cell.positions < 1 ||
        cell.positions > STATION_EVENT_LIMITS.maxPosition
      )
        problems.push(`${where}.positions must be an integer from 1 to ${STATION_EVENT_LIMITS.maxPosition}`);
      if (!Number.isFinite(cell.kwPerPosition) || cell.kwPerPosition < 0)
        problems.push(`${where}.kwPerPosition must be a number of at least 0`);
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
  // Without a bill of materials nothing is installed, so a reuse rate simply never fires.
  if (config.faults.componentReuse !== undefined) rate('faults.componentReuse', config.faults.componentReuse);
  if (config.billOfMaterials !== undefined)
    problems.push(
      ...billOfMaterialsProblems(config.billOfMaterials, config.stages).map((p) => `billOfMaterials.${p}`),
    );
  return problems;
}

function billOfMaterialsProblems(bom: BillOfMaterials, stages: readonly StageSpec[]): string[] {
  const problems: string[] = [];
  const identifier = STATION_EVENT_LIMITS.identifierPattern;
  const supplierIds = new Set<string>();
  bom.suppliers.forEach((supplier, index) => {
    const at = `suppliers[${index}]`;
    if (!identifier.test(supplier.supplierId))
      problems.push(`${at}.supplierId must be a short identifier (got ${supplier.supplierId})`);
    if (supplierIds.has(supplier.supplierId))
      problems.push(`${at}.supplierId ${supplier.supplierId} appears twice`);
    supplierIds.add(supplier.supplierId);
    if (typeof supplier.name !== 'string' || supplier.name.trim().length === 0 || supplier.name.length > 200)
      problems.push(`${at}.name must be 1-200 characters`);
    if (!/^[A-Z]{2}$/.test(supplier.country))
      problems.push(`${at}.country must be an ISO 3166-1 alpha-2 code such as TW (got ${supplier.country})`);
  });
  if (!stages.some((stage) => stage.stage === bom.testStage))
    problems.push(`testStage ${bom.testStage} is not a stage of the route`);
  const maxPerEvent = STATION_EVENT_LIMITS.maxComponents;
  if (
    !Number.isInteger(bom.componentsPerEvent) ||
    bom.componentsPerEvent < 1 ||
    bom.componentsPerEvent > maxPerEvent
  )
    problems.push(
      `componentsPerEvent must be an integer from 1 to ${maxPerEvent} (got ${bom.componentsPerEvent})`,
    );
  if (bom.parts.length === 0) problems.push('parts must name at least one part');
  const serialPrefixes = new Set<string>();
  const checkPart = (part: PartSpec, at: string) => {
    if (!isComponentKind(part.kind))
      problems.push(`${at}.kind must be one of ${COMPONENT_KINDS.join(', ')} (got ${String(part.kind)})`);
    if (!identifier.test(part.partNumber))
      problems.push(`${at}.partNumber must be a short identifier (got ${part.partNumber})`);
    if (!Number.isInteger(part.quantity) || part.quantity < 1)
      problems.push(`${at}.quantity must be a positive integer`);
    if (!/^[A-Z][A-Z0-9]{0,7}$/.test(part.serialPrefix))
      problems.push(
        `${at}.serialPrefix must be 1-8 upper-case letters and digits (got ${part.serialPrefix})`,
      );
    if (serialPrefixes.has(part.serialPrefix))
      problems.push(`${at}.serialPrefix ${part.serialPrefix} is used by another part`);
    serialPrefixes.add(part.serialPrefix);
    if (part.sources.length === 0) problems.push(`${at}.sources must name at least one supplier`);
    part.sources.forEach((source, index) => {
      const sourceAt = `${at}.sources[${index}]`;
      if (!supplierIds.has(source.supplierId))
        problems.push(`${sourceAt}.supplierId ${source.supplierId} is not one of the suppliers`);
      if (!Number.isFinite(source.share) || source.share <= 0)
        problems.push(`${sourceAt}.share must be a positive number (got ${source.share})`);
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/.test(source.lotPrefix))
        problems.push(`${sourceAt}.lotPrefix must be a short identifier (got ${source.lotPrefix})`);
      if (!Number.isInteger(source.lotSize) || source.lotSize < 1)
        problems.push(`${sourceAt}.lotSize must be a positive integer`);
      if (
        !Number.isFinite(source.burnInFailureRate) ||
        source.burnInFailureRate < 0 ||
        source.burnInFailureRate > 1
      )
        problems.push(
          `${sourceAt}.burnInFailureRate must be between 0 and 1 (got ${source.burnInFailureRate})`,
        );
    });
    (part.children ?? []).forEach((child, index) => checkPart(child, `${at}.children[${index}]`));
  };
  bom.parts.forEach((part, index) => {
    checkPart(part, `parts[${index}]`);
    if (Number.isInteger(bom.componentsPerEvent) && unitSize(part) > bom.componentsPerEvent)
      problems.push(
        `parts[${index}] (${part.partNumber}) brings ${unitSize(part)} parts with it, more than componentsPerEvent ${bom.componentsPerEvent}`,
      );
  });
  if (problems.length === 0) {
    for (const [kind, count] of Object.entries(partCountsByKind(bom)))
      if (count > MAX_REQUIRED_SLOTS)
        problems.push(
          `a rack holds ${count} parts of kind ${kind}; a route may require at most ${MAX_REQUIRED_SLOTS}`,
        );
  }
  return problems;
}

/**
 * The demo factory's shift calendar, as `PUT /v1/sites/{siteId}/target` on the alerts service takes it: three
 * eight-hour crews a day, changing at 00:00, 08:00 and 16:00 UTC (the crews `operatorAt` hands events to), every
 * day of the week. The dashboard's "Today & shifts" shows these shifts; `npm run system` sets them for the demo
 * sites (`node dist/tools/simulator/src/demo-site-target.js`).
 */
export const DEMO_SHIFT_CALENDAR = {
  timeZone: 'UTC',
  weekStartsOn: 'monday',
  shifts: Object.fromEntries(
    ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [
      day,
      [
        { start: '00:00', end: '08:00' },
        { start: '08:00', end: '16:00' },
        { start: '16:00', end: '24:00' },
      ],
    ]),
  ),
  holidays: [] as string[],
} as const;
