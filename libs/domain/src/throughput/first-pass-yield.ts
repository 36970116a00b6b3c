import { DEFAULT_ROUTE } from '../rack/rack-route.js';

/**
 * The raw fact first-pass yield is made of: racks whose first test outcome (passed, completed or failed) at a
 * stage fell in the window, grouped by stage, model, whether that first outcome was a pass, and how many
 * outcomes the stage has seen for the rack. A rack that failed and passed after rework is tested, not a first pass.
 */
export interface FirstOutcomeGroup {
  readonly stage: string;
  readonly model: string;
  readonly passedFirstTime: boolean;
  readonly attempts: number;
  readonly racks: number;
}

export interface StageYield {
  stage: string;
  /** Racks whose first outcome at the stage fell in the window. */
  tested: number;
  passedFirstTime: number;
  /** passedFirstTime / tested; null when nothing was tested. */
  firstPassYield: number | null;
}

export interface ModelStageYield extends StageYield {
  model: string;
}

export interface FirstPassYield {
  byStage: StageYield[];
  byModel: ModelStageYield[];
}

// Known stages in route order, then any others alphabetically: a route's stages read best in line order.
function stageRank(stage: string): number {
  const index = DEFAULT_ROUTE.stages.indexOf(stage);
  return index === -1 ? DEFAULT_ROUTE.stages.length : index;
}

/** Orders stage names as the default route runs, then any other stage alphabetically. */
export function compareStages(left: string, right: string): number {
  return stageRank(left) - stageRank(right) || (left < right ? -1 : left > right ? 1 : 0);
}

function yieldOf(tested: number, passedFirstTime: number): number | null {
  return tested === 0 ? null : passedFirstTime / tested;
}

function totals<K>(
  outcomes: readonly FirstOutcomeGroup[],
  keyOf: (group: FirstOutcomeGroup) => K,
  same: (left: K, right: K) => boolean,
): { key: K; tested: number; passedFirstTime: number }[] {
  const entries: { key: K; tested: number; passedFirstTime: number }[] = [];
  for (const group of outcomes) {
    const key = keyOf(group);
    let entry = entries.find((candidate) => same(candidate.key, key));
    if (entry === undefined) {
      entry = { key, tested: 0, passedFirstTime: 0 };
      entries.push(entry);
    }
    entry.tested += group.racks;
    if (group.passedFirstTime) entry.passedFirstTime += group.racks;
  }
  return entries;
}

/**
 * First-pass yield, the one definition every figure uses (the status panel, the yield-drop alert, the quality
 * panel): of the racks whose first outcome at a stage fell in the window, the share that passed it, per stage
 * and per (model, stage), stages in route order.
 */
export function firstPassYield(outcomes: readonly FirstOutcomeGroup[]): FirstPassYield {
  const byStage = totals(
    outcomes,
    (group) => group.stage,
    (left, right) => left === right,
  )
    .map(({ key, tested, passedFirstTime }) => ({
      stage: key,
      tested,
      passedFirstTime,
      firstPassYield: yieldOf(tested, passedFirstTime),
    }))
    .sort((left, right) => compareStages(left.stage, right.stage));
  const byModel = totals(
    outcomes,
    (group) => ({ model: group.model, stage: group.stage }),
    (left, right) => left.model === right.model && left.stage === right.stage,
  )
    .map(({ key, tested, passedFirstTime }) => ({
      model: key.model,
      stage: key.stage,
      tested,
      passedFirstTime,
      firstPassYield: yieldOf(tested, passedFirstTime),
    }))
    .sort(
      (left, right) =>
        (left.model < right.model ? -1 : left.model > right.model ? 1 : 0) ||
        compareStages(left.stage, right.stage),
    );
  return { byStage, byModel };
}
