import { describe, expect, it } from '@jest/globals';
import { renderBenchTable, summarize, type BenchResults } from './bench-table.js';
import { consumerRunOrder, type ConsumerResult } from './scenarios/consumer-throughput.scenario.js';

function consumerResult(
  consumer: ConsumerResult['consumer'],
  eventsPerSecond: number,
  round?: ConsumerResult['round'],
): ConsumerResult {
  return {
    consumer,
    ...(round ? { round } : {}),
    eventsPerSecond,
    events: 200_000,
    seconds: 200_000 / eventsPerSecond,
    complete: true,
    applied: 200_000,
    cpuMsPerThousand: null,
    peakRssMb: null,
  };
}

function run(results: ConsumerResult[]): BenchResults {
  return {
    runId: 't',
    startedAt: '2026-12-07T00:00:00.000Z',
    machine: { cpus: 2, cpuModel: 'test', memoryGb: 24, node: 'v20', loadAverageAtStart: 0 },
    consumers: { corpusEvents: 200_000, produceSeconds: 10, results },
  };
}

describe('consumerRunOrder', () => {
  it('runs the limit on both sides of the tracker, then the naive peer', () => {
    expect(consumerRunOrder(['tracker', 'limit', 'naive'])).toEqual([
      { consumer: 'limit', round: 'before tracker' },
      { consumer: 'tracker' },
      { consumer: 'limit', round: 'after tracker' },
      { consumer: 'naive' },
    ]);
  });

  it('alternates the limit with several rounds of the tracker, the naive peer once at the end', () => {
    expect(consumerRunOrder(['tracker', 'limit', 'naive'], 3)).toEqual([
      { consumer: 'limit', round: 'before round 1' },
      { consumer: 'tracker', round: 'round 1 of 3' },
      { consumer: 'limit', round: 'between rounds 1 and 2' },
      { consumer: 'tracker', round: 'round 2 of 3' },
      { consumer: 'limit', round: 'between rounds 2 and 3' },
      { consumer: 'tracker', round: 'round 3 of 3' },
      { consumer: 'limit', round: 'after round 3' },
      { consumer: 'naive' },
    ]);
  });

  it('runs each consumer once when there is no ratio to bracket', () => {
    expect(consumerRunOrder(['limit'])).toEqual([{ consumer: 'limit' }]);
    expect(consumerRunOrder(['tracker', 'naive'])).toEqual([{ consumer: 'tracker' }, { consumer: 'naive' }]);
  });
});

describe('summarize', () => {
  // The limit drifted from 30,000 to 40,000 events/s while the tracker ran between its two runs.
  const bracketed = run([
    consumerResult('limit', 30_000, 'before tracker'),
    consumerResult('tracker', 15_000),
    consumerResult('limit', 40_000, 'after tracker'),
  ]);

  it('takes the tracker to the mean of the limit runs that bracket it', () => {
    const summary = summarize(bracketed);
    expect(summary.limit).toEqual({ eventsPerSecond: 35_000, runs: [30_000, 40_000] });
    expect(summary.tracker?.ratioToLimit).toBeCloseTo(15_000 / 35_000, 10);
    expect(summary.targets.find((target) => target.target === 'tracker ÷ limit')).toMatchObject({
      met: false,
    });
  });

  describe('with three rounds', () => {
    // The machine sped up during the run: each round is taken to the limit runs beside it, not to all of them.
    const threeRounds = run([
      consumerResult('limit', 30_000, 'before round 1'),
      consumerResult('tracker', 12_000, 'round 1 of 3'),
      consumerResult('limit', 30_000, 'between rounds 1 and 2'),
      consumerResult('tracker', 16_500, 'round 2 of 3'),
      consumerResult('limit', 36_000, 'between rounds 2 and 3'),
      consumerResult('tracker', 18_000, 'round 3 of 3'),
      consumerResult('limit', 36_000, 'after round 3'),
      consumerResult('naive', 900),
    ]);

    it('takes the median round for the verdicts, so one lucky or unlucky round decides nothing', () => {
      const summary = summarize(threeRounds);
      expect(summary.tracker?.rounds?.map((round) => round.ratioToLimit)).toEqual([0.4, 0.5, 0.5]);
      expect(summary.tracker?.ratioToLimit).toBe(0.5);
      expect(summary.tracker?.eventsPerSecond).toBe(16_500);
      expect(summary.tracker?.ratioToNaive).toBeCloseTo(16_500 / 900, 10);
      expect(summary.targets.find((target) => target.target === 'tracker ÷ limit')).toMatchObject({
        value: 0.5,
        met: true,
      });
    });

    it('takes the middle two when the rounds are even', () => {
      const summary = summarize(
        run([
          consumerResult('limit', 30_000),
          consumerResult('tracker', 12_000),
          consumerResult('limit', 30_000),
          consumerResult('tracker', 15_000),
          consumerResult('limit', 30_000),
        ]),
      );
      expect(summary.tracker?.eventsPerSecond).toBe(13_500);
      expect(summary.tracker?.ratioToLimit).toBeCloseTo(0.45, 10);
    });

    it("lists each round's ratio and says which figure the verdicts take", () => {
      const table = renderBenchTable(threeRounds);
      expect(table).toContain('| tracker, round 2 of 3 ');
      expect(table).toContain('| limit, between rounds 1 and 2 ');
      expect(table).toContain(
        "tracker ÷ limit by round, each to the mean of the limit's runs on either side: 0.40, 0.50, 0.50; " +
          "the verdicts take the median round: 0.50, and the tracker's median events/s, 16,500",
      );
    });
  });

  it("says how far each round's relay trailed the last applied event, and how soon it caught up", () => {
    const table = renderBenchTable(
      run([
        consumerResult('limit', 40_000, 'before tracker'),
        { ...consumerResult('tracker', 20_000), announcing: { pendingAtEnd: 82_835, caughtUpSeconds: 2.5 } },
        consumerResult('limit', 40_000, 'after tracker'),
      ]),
    );
    // 200,000 events in 10 s applied, and announced 2.5 s later: 16,000 events/s to the last announcement.
    expect(table).toContain(
      'tracker: 82,835 transitions still to announce when the last event was applied; all announced 2.5 s later ' +
        '(16,000 events/s to the last announcement)',
    );
    const stuck = renderBenchTable(
      run([{ ...consumerResult('tracker', 20_000), announcing: { pendingAtEnd: 5, caughtUpSeconds: null } }]),
    );
    expect(stuck).toContain(
      'tracker: 5 transitions still to announce when the last event was applied; not all announced within the wait',
    );
  });

  it('reads a file from before the bracketing, with one limit run', () => {
    const summary = summarize(run([consumerResult('tracker', 15_000), consumerResult('limit', 30_000)]));
    expect(summary.tracker?.ratioToLimit).toBe(0.5);
    expect(summary.targets.find((target) => target.target === 'tracker ÷ limit')).toMatchObject({
      met: true,
    });
  });

  it('names both limit runs in the table and says what the ratio is taken to', () => {
    const table = renderBenchTable(bracketed);
    expect(table).toContain('| limit, before tracker |');
    expect(table).toContain('| limit, after tracker  |');
    expect(table).toContain(
      "mean of the limit's runs before and after the tracker's (35,000 events/s): 0.43",
    );
    expect(table).toContain('differ by 29 % of it');
  });

  it('shows a ratio just under its target with the digits that say why it missed', () => {
    const table = renderBenchTable(
      run([
        consumerResult('limit', 26_000, 'before tracker'),
        consumerResult('tracker', 11_698.6),
        consumerResult('limit', 26_000, 'after tracker'),
      ]),
    );
    expect(table).toMatch(/\| tracker ÷ limit +\| +0\.4499 \| +≥ 0\.45 \| +MISSED \|/);
  });

  it('records the ceiling of tracker ÷ naive: the limit taken to the naive peer', () => {
    const summary = summarize(run([...bracketed.consumers!.results, consumerResult('naive', 1_750)]));
    expect(summary.limit?.ratioToNaive).toBe(20);
    expect(summary.tracker?.ratioToNaive).toBeCloseTo(15_000 / 1_750, 10);
  });

  it('says when no tracker could meet the naive target, and what it takes when one could', () => {
    const outOfReach = renderBenchTable(
      run([...bracketed.consumers!.results, consumerResult('naive', 2_500)]),
    );
    expect(outOfReach).toContain(
      'tracker ÷ naive cannot exceed limit ÷ naive, 14.00 in this run: the 20 × target is out of reach of any consumer that stores each event',
    );
    const reachable = renderBenchTable(
      run([...bracketed.consumers!.results, consumerResult('naive', 1_400)]),
    );
    expect(reachable).toContain(
      'tracker ÷ naive cannot exceed limit ÷ naive, 25.00 in this run: the 20 × target needs the tracker at 0.80 × the limit',
    );
  });
});
