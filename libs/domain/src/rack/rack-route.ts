import { COMPONENT_KINDS, isComponentKind, type ComponentKind } from './rack-vocabulary.js';

export interface RackRoute {
  readonly model: string;
  readonly stages: readonly string[];
  // Components of each kind a rack must hold before it may pass the first stage.
  readonly requiredSlots: Readonly<Partial<Record<ComponentKind, number>>>;
  // Stages a rack must stay in progress at for a minimum time (burn-in soak); stages without a dwell are absent.
  readonly dwell: Readonly<Record<string, StageDwell>>;
}

/** How long a rack must (and at most should) stay in progress at a stage. */
export interface StageDwell {
  readonly minHours: number;
  // Past this a run is overdue (alerted as dwell_overrun); null when the stage sets no maximum.
  readonly maxHours: number | null;
  // A run after rework; null means the full minimum again.
  readonly retestMinHours: number | null;
}

export interface StageDwellInput {
  readonly minHours: number;
  readonly maxHours?: number | null;
  readonly retestMinHours?: number | null;
}

// What an operator or a configuration file supplies: slot keys are plain strings so that a typo
// can be reported as a problem instead of being rejected by the type system far from the source.
export interface RackRouteInput {
  readonly model: string;
  readonly stages: readonly string[];
  readonly requiredSlots?: Readonly<Record<string, number>>;
  readonly dwell?: Readonly<Record<string, StageDwellInput>>;
}

export const DEFAULT_RACK_MODEL = 'default';

export const STAGE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_ROUTE_STAGES = 20;
export const MAX_REQUIRED_SLOTS = 1000;
// A soak longer than about twelve weeks (2,000 h) is a typo, not a test plan.
export const MAX_DWELL_HOURS = 2000;

// Frozen because every rack created on the default route keeps a reference to it as its snapshot.
export const DEFAULT_ROUTE: RackRoute = Object.freeze({
  model: DEFAULT_RACK_MODEL,
  stages: Object.freeze(['assembly', 'burn_in', 'qa', 'ship']),
  requiredSlots: Object.freeze({}),
  dwell: Object.freeze({}),
});

/**
 * What a rack of a model without a route is told. Such a rack is refused rather than put on the default
 * route: a model nobody defined is more likely a typo or a new product than a rack that should skip its own
 * stages. The api says the same when asked for that model's route.
 */
export function describeMissingRoute(model: string): string {
  return `rack model ${model} has no route; define it with PUT /v1/routes/${model}`;
}

/**
 * The route racks of `model` start on: the stored one, else the built-in default for the default model,
 * else none (its racks are refused as `unknown_model`).
 */
export function routeOfModel(model: string, stored: RackRoute | undefined): RackRoute | undefined {
  return stored ?? (model === DEFAULT_RACK_MODEL ? DEFAULT_ROUTE : undefined);
}

export function dwellOf(route: RackRoute, stage: string): StageDwell | undefined {
  return Object.hasOwn(route.dwell, stage) ? route.dwell[stage] : undefined;
}

export function hasStage(route: RackRoute, stage: string): boolean {
  return route.stages.includes(stage);
}

export function firstStage(route: RackRoute): string {
  const stage = route.stages[0];
  if (stage === undefined) {
    throw new Error(`route of model ${route.model} has no stages`);
  }
  return stage;
}

export function isFirstStage(route: RackRoute, stage: string): boolean {
  return route.stages.length > 0 && route.stages[0] === stage;
}

export function isLastStage(route: RackRoute, stage: string): boolean {
  return route.stages.length > 0 && route.stages[route.stages.length - 1] === stage;
}

// undefined for the first stage and for stages the route does not have.
export function previousStage(route: RackRoute, stage: string): string | undefined {
  const index = route.stages.indexOf(stage);
  return index > 0 ? route.stages[index - 1] : undefined;
}

// undefined for the last stage and for stages the route does not have.
export function nextStage(route: RackRoute, stage: string): string | undefined {
  const index = route.stages.indexOf(stage);
  return index >= 0 ? route.stages[index + 1] : undefined;
}

// Returns every problem at once so that whoever configures a route fixes it in one pass.
export function validateRoute(input: RackRouteInput): string[] {
  const problems: string[] = [];
  if (input.model.trim().length === 0) {
    problems.push('model must not be empty');
  }
  if (input.stages.length === 0) {
    problems.push('route must have at least one stage');
  }
  if (input.stages.length > MAX_ROUTE_STAGES) {
    problems.push(`route has ${input.stages.length} stages; at most ${MAX_ROUTE_STAGES} are allowed`);
  }
  const seen = new Set<string>();
  for (const stage of input.stages) {
    if (!STAGE_NAME_PATTERN.test(stage)) {
      problems.push(`stage ${JSON.stringify(stage)} must match ${STAGE_NAME_PATTERN.source}`);
    }
    if (seen.has(stage)) {
      problems.push(`stage ${JSON.stringify(stage)} appears more than once`);
    }
    seen.add(stage);
  }
  for (const [kind, count] of Object.entries(input.requiredSlots ?? {})) {
    if (!isComponentKind(kind)) {
      problems.push(`required slot kind ${JSON.stringify(kind)} is not one of ${COMPONENT_KINDS.join(', ')}`);
    }
    if (!Number.isInteger(count) || count < 0 || count > MAX_REQUIRED_SLOTS) {
      problems.push(
        `required slot count for ${kind} must be an integer from 0 to ${MAX_REQUIRED_SLOTS}, got ${count}`,
      );
    }
  }
  problems.push(...validateDwell(input));
  return problems;
}

// Not a type guard: the input is typed, but it came from JSON and may hold NaN or a negative.
function isHours(value: number): boolean {
  return Number.isFinite(value) && value > 0 && value <= MAX_DWELL_HOURS;
}

function validateDwell(input: RackRouteInput): string[] {
  const problems: string[] = [];
  for (const [stage, dwell] of Object.entries(input.dwell ?? {})) {
    const name = `dwell.${stage}`;
    if (!input.stages.includes(stage)) {
      problems.push(`${name}: stage ${JSON.stringify(stage)} is not on the route`);
    }
    if (input.stages[0] === stage) {
      // The first stage's started creates the rack, before any position could be checked against it.
      problems.push(`${name}: the first stage cannot have a dwell`);
    }
    // Typed, but it came from JSON: a null or a number here must be reported, not crash the check.
    if ((dwell as unknown) === null || typeof dwell !== 'object') {
      problems.push(`${name} must be an object {minHours, maxHours?, retestMinHours?}`);
      continue;
    }
    const { minHours, maxHours, retestMinHours } = dwell;
    if (!isHours(minHours)) {
      problems.push(
        `${name}.minHours must be a number above 0 and at most ${MAX_DWELL_HOURS}, got ${minHours}`,
      );
    }
    if (maxHours !== undefined && maxHours !== null && (!isHours(maxHours) || maxHours < minHours)) {
      problems.push(
        `${name}.maxHours must be at least minHours (${minHours}) and at most ${MAX_DWELL_HOURS}, got ${maxHours}`,
      );
    }
    if (
      retestMinHours !== undefined &&
      retestMinHours !== null &&
      (!isHours(retestMinHours) || retestMinHours > minHours)
    ) {
      problems.push(
        `${name}.retestMinHours must be above 0 and at most minHours (${minHours}), got ${retestMinHours}`,
      );
    }
  }
  return problems;
}

export class InvalidRouteError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid route: ${problems.join('; ')}`);
    this.name = 'InvalidRouteError';
  }
}

// Builds the immutable route the machine snapshots into racks; refuses anything validateRoute would flag.
export function defineRoute(input: RackRouteInput): RackRoute {
  const problems = validateRoute(input);
  if (problems.length > 0) {
    throw new InvalidRouteError(problems);
  }
  const requiredSlots: Partial<Record<ComponentKind, number>> = {};
  for (const [kind, count] of Object.entries(input.requiredSlots ?? {})) {
    if (isComponentKind(kind)) {
      requiredSlots[kind] = count;
    }
  }
  const dwell: Record<string, StageDwell> = {};
  for (const [stage, given] of Object.entries(input.dwell ?? {})) {
    dwell[stage] = Object.freeze({
      minHours: given.minHours,
      maxHours: given.maxHours ?? null,
      retestMinHours: given.retestMinHours ?? null,
    });
  }
  return Object.freeze({
    model: input.model,
    stages: Object.freeze([...input.stages]),
    requiredSlots: Object.freeze(requiredSlots),
    dwell: Object.freeze(dwell),
  });
}
