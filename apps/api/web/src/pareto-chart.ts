import uPlot from 'uplot';
import type { ParetoEntry } from './api-types.js';
import { shortKey } from './genealogy-format.js';

const COLORS = {
  bars: '#38bdf8',
  cumulative: '#fbbf24',
  vitalFew: '#94a3b8',
  axis: '#cbd5e1',
  grid: '#1e293b',
};
// Where the vital few end, by the usual 80/20 reading of a Pareto.
const VITAL_FEW_PERCENT = 80;

/**
 * Failures per group as bars, largest first, with the cumulative share as a line on a 0–100 % scale.
 * uPlot draws and scales; this maps the API's entries to its series and names the bars on the x axis.
 */
export class ParetoChart {
  private chart: uPlot | null = null;
  private keys: string[] = [];

  constructor(private readonly container: HTMLElement) {
    new ResizeObserver(() => this.resize()).observe(container);
  }

  update(entries: readonly ParetoEntry[]): void {
    this.keys = entries.map((entry) => entry.key);
    const data: uPlot.AlignedData = [
      entries.map((_entry, index) => index),
      entries.map((entry) => entry.failures),
      entries.map((entry) => entry.cumulativeShare * 100),
      entries.map(() => VITAL_FEW_PERCENT),
    ];
    if (this.chart === null) this.chart = new uPlot(this.options(), data, this.container);
    else this.chart.setData(data);
  }

  private options(): uPlot.Options {
    const axis = { stroke: COLORS.axis, grid: { stroke: COLORS.grid }, ticks: { stroke: '#334155' } };
    const bars = uPlot.paths.bars?.({ size: [0.7, 90], radius: 0.15 });
    return {
      ...this.size(),
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        // One slot per group, half a slot of room either side so the outer bars are whole.
        x: { time: false, range: (_chart, min, max) => [min - 0.5, max + 0.5] },
        failures: { range: (_chart, _min, max) => [0, Math.max(1, max * 1.1)] },
        percent: { range: [0, 100] },
      },
      axes: [
        {
          ...axis,
          grid: { show: false },
          splits: () => this.keys.map((_key, index) => index),
          values: (_chart, splits) => splits.map((index) => shortKey(this.keys[index] ?? '')),
          // Many groups leave too little room for a part number written level; slanted, they all fit.
          rotate: () => (this.slanted() ? -30 : 0),
          size: () => (this.slanted() ? 84 : 40),
        },
        {
          ...axis,
          scale: 'failures',
          size: 50,
          // Failures are counted, never fractional.
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
        },
        {
          ...axis,
          scale: 'percent',
          side: 1,
          size: 56,
          grid: { show: false },
          values: (_chart, splits) => splits.map((value) => `${value} %`),
        },
      ],
      series: [
        {},
        {
          label: 'Failures',
          scale: 'failures',
          fill: `${COLORS.bars}cc`,
          stroke: COLORS.bars,
          width: 1,
          paths: bars,
          points: { show: false },
        },
        {
          label: 'Cumulative share',
          scale: 'percent',
          stroke: COLORS.cumulative,
          width: 3,
          points: { show: true, size: 8, fill: COLORS.cumulative },
          value: (_chart, value) => (value === null ? '–' : `${value.toFixed(0)} %`),
        },
        {
          label: '80 %',
          scale: 'percent',
          stroke: COLORS.vitalFew,
          width: 1,
          dash: [6, 6],
          points: { show: false },
        },
      ],
    };
  }

  private slanted(): boolean {
    return this.keys.length > 6;
  }

  private size(): { width: number; height: number } {
    const width = Math.max(300, this.container.clientWidth);
    return { width, height: Math.max(220, Math.min(420, Math.round(width * 0.36))) };
  }

  private resize(): void {
    if (this.chart) this.chart.setSize(this.size());
  }
}
