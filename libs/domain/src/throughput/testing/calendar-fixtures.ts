import type { ShiftWindow } from '../shift-calendar.js';

/** The same production windows Monday to Friday, nothing at the weekend. */
export const weekdays = (windows: ShiftWindow[]) => ({
  monday: windows,
  tuesday: windows,
  wednesday: windows,
  thursday: windows,
  friday: windows,
});
