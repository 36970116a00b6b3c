export {
  BurnInOccupancy,
  formatLocation,
  NO_BURN_IN_POSITIONS,
  sameLocation,
  type BurnInCell,
  type BurnInLocation,
  type BurnInPositions,
} from './burn-in-location.js';
export {
  formatHours,
  pauseSoak,
  requiredSoakHours,
  requiredSoakMs,
  resumeSoak,
  soakDueAt,
  soakedMs,
  soakOverrunAt,
  soakStatus,
  startSoak,
  type SoakClock,
  type SoakStatus,
} from './soak-clock.js';
export {
  boardCells,
  boardTotals,
  burnInCapacity,
  hoursBetween,
  HOURS_PER_WEEK,
  requiredPositions,
  slotOf,
  type BoardCell,
  type BoardSlot,
  type BoardTotals,
  type BurnInCapacity,
  type BurnInCapacityInput,
  type PositionHolder,
  type SlotState,
} from './burn-in-board.js';
export {
  DEFAULT_DOWNSTREAM_HOURS,
  forecastWeek,
  type BurnInPipeline,
  type ProjectionMethod,
  type WeekForecast,
  type WeekForecastInput,
} from './pipeline-forecast.js';
export {
  BURN_IN_MEASURE_WINDOW_HOURS,
  siteBurnInOf,
  type BurnInQueueView,
  type SiteBurnIn,
  type SiteBurnInFacts,
} from './site-burn-in.js';
