import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Progress } from './api-types.js';
import { formatAxisTime, formatNumber } from './format.js';
import { t } from './i18n.js';

const LEGEND_PX = 36;
const COLORS = { actual: '#4ade80', expected: '#94a3b8', projected: '#fbbf24', target: '#f87171' };

/**
 * The week's burn-up: racks shipped so far against the plan, the projection to the week's end, and the target.
 * uPlot does the drawing and scaling; the series come straight from the API's burn-up points.
 */
export class BurnUpChart {
  private chart: uPlot | null = null;
  private timeZone = 'UTC';

  constructor(private readonly container: HTMLElement) {
    new ResizeObserver(() => this.resize()).observe(container);
  }

  update(progress: Progress): void {
    this.timeZone = progress.week.timeZone;
    const points = progress.burnUp;
    const data: uPlot.AlignedData = [
      points.map((point) => Date.parse(point.at) / 1000),
      points.map((point) => point.actual),
      points.map((point) => point.expected),
      points.map((point) => point.projected),
      points.map(() => progress.target),
    ];
    if (this.chart === null) this.chart = new uPlot(this.options(), data, this.container);
    else this.chart.setData(data);
  }

  private options(): uPlot.Options {
    const { width, height } = this.size();
    return {
      width,
      height,
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), this.timeZone),
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_chart, min, max) => [0, Math.max(10, max * 1.05, min)] } },
      axes: [
        // Ticks in the site's zone and the page's language, 24-hour like every other time on the page.
        {
          stroke: '#cbd5e1',
          grid: { stroke: '#1e293b' },
          ticks: { stroke: '#334155' },
          values: (_chart, splits) =>
            splits.map((seconds) => formatAxisTime(new Date(seconds * 1000), this.timeZone)),
        },
        {
          stroke: '#cbd5e1',
          grid: { stroke: '#1e293b' },
          ticks: { stroke: '#334155' },
          size: 80,
          values: (_chart, splits) => splits.map((value) => formatNumber(value)),
        },
      ],
      series: [
        {},
        { label: t('kpi.chart.shipped'), stroke: COLORS.actual, width: 4, spanGaps: false },
        { label: t('kpi.chart.expected'), stroke: COLORS.expected, width: 2, dash: [8, 6] },
        {
          label: t('kpi.chart.projected'),
          stroke: COLORS.projected,
          width: 3,
          dash: [3, 5],
          spanGaps: false,
        },
        { label: t('kpi.chart.target'), stroke: COLORS.target, width: 2 },
      ],
    };
  }

  private size(): { width: number; height: number } {
    const width = Math.max(300, this.container.clientWidth);
    // On a wall screen the chart fills what its panel leaves (less the legend), so the page never scrolls.
    const available = this.container.clientHeight;
    if (document.body.dataset.wall === 'true' && available > 0)
      return { width, height: Math.max(140, available - LEGEND_PX) };
    return { width, height: Math.max(220, Math.min(520, Math.round(width * 0.42))) };
  }

  private resize(): void {
    if (this.chart) this.chart.setSize(this.size());
  }
}
