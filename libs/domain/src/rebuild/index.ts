export {
  compareRackStateHashes,
  differingFields,
  hasDrift,
  type FieldDifference,
  type RackStateDrift,
} from './rack-state-drift.js';
