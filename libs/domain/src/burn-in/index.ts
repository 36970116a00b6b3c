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
