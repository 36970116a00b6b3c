import { describe, expect, it } from '@jest/globals';
import {
  ArgumentError,
  parseDuration,
  parseSimulatorArguments,
  parseTime,
  weekStart,
} from './simulator-arguments.js';
import { headlineOf } from './webhook-sink.js';

const NOW = Date.parse('2026-11-25T14:30:00Z'); // a Wednesday

describe('simulator arguments', () => {
  it('reads times as ISO, offsets from now, or the start of the week (Monday 00:00 UTC)', () => {
    expect(new Date(weekStart(NOW)).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(new Date(parseTime('week-start-2d', NOW)).toISOString()).toBe('2026-11-21T00:00:00.000Z');
    expect(parseTime('now-36h', NOW)).toBe(NOW - 36 * 3_600_000);
    expect(parseTime('-90m', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseTime('2026-11-01T00:00:00Z', NOW)).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(() => parseTime('last tuesday', NOW)).toThrow(ArgumentError);
  });

  it('reads durations in seconds, minutes, hours or days', () => {
    expect([parseDuration('90s'), parseDuration('10m'), parseDuration('2h'), parseDuration('45')]).toEqual([
      90_000, 600_000, 7_200_000, 45_000,
    ]);
    expect(() => parseDuration('soon')).toThrow(ArgumentError);
  });

  it('defaults to the default factory, as fast as ingest answers, from a week ago until now, in batches of 50', () => {
    const sut = parseSimulatorArguments([], {}, NOW);
    expect(sut).toMatchObject({
      ingestUrl: 'http://127.0.0.1:3000',
      adminToken: null,
      pacing: { kind: 'max' },
      maxBatch: 50,
      start: NOW - 7 * 86_400_000,
      stop: { until: NOW },
    });
    expect(sut.config.sites.map((site) => site.siteId)).toEqual(['site-1']);
    expect(sut.config.faults.duplicate).toBe(0);
  });

  it('runs the demo forever at a speed, with its realistic faults and a webhook sink', () => {
    const sut = parseSimulatorArguments(
      [
        '--preset',
        'demo',
        '--speed',
        '2000',
        '--forever',
        '--from',
        'week-start-2d',
        '--webhook-sink-port',
        '3999',
      ],
      { ADMIN_TOKEN: 'x'.repeat(24) },
      NOW,
    );
    expect(sut.pacing).toEqual({ kind: 'speed', speed: 2000 });
    expect(sut.stop).toEqual({});
    expect(sut.webhookSinkPort).toBe(3999);
    expect(sut.adminToken).toBe('x'.repeat(24));
    expect(sut.config.faults.duplicate).toBeGreaterThan(0);
    expect(sut.config.sites.map((site) => site.siteId)).toEqual(['fab-a', 'fab-b']);
  });

  it('names every problem at once', () => {
    let error: unknown;
    try {
      parseSimulatorArguments(
        [
          '--speed',
          '10',
          '--max',
          '--batch',
          '900',
          '--duplicates',
          '2',
          '--from',
          'now-1d',
          '--events',
          '0',
          '--preset',
          'huge',
        ],
        {},
        NOW,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems).toEqual([
      '--preset must be default, demo or large (got huge)',
      '--duplicates must be a probability between 0 and 1 (got 2)',
      'choose one of --speed, --max and --rate',
      '--events must be a positive integer (got 0)',
      '--batch may be at most 500 (ingest refuses larger batches)',
    ]);
  });

  it("soaks the demo's racks 12 h by default, and sizes burn-in positions with the soak it is given", () => {
    const burnIn = (args: string[]) => {
      const { config } = parseSimulatorArguments(['--preset', 'demo', ...args], {}, NOW);
      return {
        dwell: config.stages.find((stage) => stage.stage === 'burn_in')?.dwell,
        positions: config.sites.map((site) =>
          (site.burnInCells ?? []).reduce((sum, cell) => sum + cell.positions, 0),
        ),
      };
    };
    expect(burnIn([])).toEqual({
      dwell: { minHours: 12, maxHours: 18, retestMinHours: 4 },
      positions: [96, 36],
    });
    expect(burnIn(['--soak-hours', '72'])).toEqual({
      dwell: { minHours: 72, maxHours: 108, retestMinHours: 24 },
      positions: [576, 216],
    });
  });

  it.each([
    [
      ['--preset', 'demo', '--soak-hours', '0'],
      '--soak-hours must be a number of hours above 0 and at most 1333 (got 0)',
    ],
    [
      ['--preset', 'demo', '--soak-hours', '1400'],
      '--soak-hours must be a number of hours above 0 and at most 1333 (got 1400)',
    ],
    [['--soak-hours', '72'], '--soak-hours applies to --preset demo only'],
  ])('refuses %j once, naming the flag', (args, problem) => {
    expect(() => parseSimulatorArguments(args, {}, NOW)).toThrow(
      expect.objectContaining({ problems: [problem] }) as unknown as Error,
    );
  });

  it('builds the demo from a bill of materials on its own rack model, registered at the api', () => {
    const demo = parseSimulatorArguments(['--preset', 'demo'], { API_URL: 'http://api.local:3001' }, NOW);
    expect(demo.apiUrl).toBe('http://api.local:3001');
    expect(demo.config.rackModel).toBe('gb200-nvl72');
    expect(demo.config.billOfMaterials?.parts.map((part) => part.kind)).toContain('compute_tray');
    expect(parseSimulatorArguments(['--preset', 'demo', '--api-url', 'http://a:1'], {}, NOW).apiUrl).toBe(
      'http://a:1',
    );
    expect(parseSimulatorArguments([], {}, NOW).apiUrl).toBe('http://127.0.0.1:3001');
    // A configuration file turns the bill off with null, JSON having no undefined.
    const plain = parseSimulatorArguments(['--preset', 'demo', '--config', 'plain.json'], {}, NOW, () => ({
      billOfMaterials: null,
    }));
    expect(plain.config.billOfMaterials).toBeUndefined();
    expect(parseSimulatorArguments([], {}, NOW).config.billOfMaterials).toBeUndefined();
  });

  it('names what is wrong with a bill of materials from a file', () => {
    expect(() =>
      parseSimulatorArguments(['--preset', 'demo', '--config', 'bad.json'], {}, NOW, () => ({
        billOfMaterials: {
          suppliers: [{ supplierId: 'sup-1', name: 'One', country: 'Taiwan' }],
          testStage: 'soak',
          componentsPerEvent: 300,
          parts: [
            {
              kind: 'gpu',
              partNumber: 'GPU-1',
              quantity: 4,
              serialPrefix: 'GPU',
              sources: [{ supplierId: 'sup-2', share: 1, lotPrefix: 'L', lotSize: 10, burnInFailureRate: 2 }],
            },
          ],
        },
      })),
    ).toThrow(
      new ArgumentError([
        'factory: billOfMaterials.suppliers[0].country must be an ISO 3166-1 alpha-2 code such as TW (got Taiwan)',
        'factory: billOfMaterials.testStage soak is not a stage of the route',
        'factory: billOfMaterials.componentsPerEvent must be an integer from 1 to 256 (got 300)',
        'factory: billOfMaterials.parts[0].sources[0].supplierId sup-2 is not one of the suppliers',
        'factory: billOfMaterials.parts[0].sources[0].burnInFailureRate must be between 0 and 1 (got 2)',
      ]),
    );
  });

  it('takes secrets from the environment or a file, never from the command line (ps shows it to everyone)', () => {
    const files: Record<string, string> = {
      'admin-token': `${'a'.repeat(32)}\n`,
      'sink-secret': 's'.repeat(24),
      'tokens.json': '{"ASSY-01":"st_one","QA-01":"st_two"}',
      empty: '\n',
    };
    const read = (path: string) => {
      if (!(path in files)) throw new Error(`ENOENT: ${path}`);
      return files[path];
    };
    const fromFiles = parseSimulatorArguments(
      [
        '--admin-token-file',
        'admin-token',
        '--webhook-sink-secret-file',
        'sink-secret',
        '--station-tokens-file',
        'tokens.json',
        '--pid-file',
        '.stack/run/simulator.pid',
      ],
      { ADMIN_TOKEN: 'from-the-environment-0123456789' },
      NOW,
      undefined,
      read,
    );
    expect(fromFiles).toMatchObject({
      adminToken: 'a'.repeat(32),
      webhookSinkSecret: 's'.repeat(24),
      pidFile: '.stack/run/simulator.pid',
    });
    expect([...fromFiles.stationTokens!]).toEqual([
      ['ASSY-01', 'st_one'],
      ['QA-01', 'st_two'],
    ]);
    const fromEnvironment = parseSimulatorArguments(
      [],
      { ADMIN_TOKEN: 'from-the-environment-0123456789', WEBHOOK_SINK_SECRET: 'sink-secret-from-env' },
      NOW,
    );
    expect(fromEnvironment).toMatchObject({
      adminToken: 'from-the-environment-0123456789',
      webhookSinkSecret: 'sink-secret-from-env',
      stationTokens: null,
      pidFile: null,
    });

    expect(() =>
      parseSimulatorArguments(
        [
          '--admin-token',
          'on-the-command-line',
          '--webhook-sink-secret',
          'also-visible',
          '--admin-token-file',
          'empty',
          '--station-tokens-file',
          'missing.json',
        ],
        {},
        NOW,
        undefined,
        read,
      ),
    ).toThrow(
      new ArgumentError([
        '--admin-token is not accepted: a command line is visible to every user of the machine; set ADMIN_TOKEN or pass --admin-token-file FILE',
        '--webhook-sink-secret is not accepted: a command line is visible to every user of the machine; set WEBHOOK_SINK_SECRET or pass --webhook-sink-secret-file FILE',
        '--admin-token-file empty is empty',
        '--station-tokens-file missing.json cannot be read (ENOENT: missing.json)',
      ]),
    );
    expect(() =>
      parseSimulatorArguments(['--station-tokens-file', 'sink-secret'], {}, NOW, undefined, read),
    ).toThrow('--station-tokens-file sink-secret must hold a JSON object of station ids and their tokens');
  });

  it('refuses to start in the future', () => {
    expect(() => parseSimulatorArguments(['--from', '2030-01-01T00:00:00Z'], {}, NOW)).toThrow(
      '--from must lie in the past',
    );
  });
});

describe('webhook sink headlines', () => {
  it('reads the generic kind, Slack and Teams', () => {
    expect(
      headlineOf(
        JSON.stringify({
          type: 'alert.firing',
          severity: 'warning',
          title: 'fab-b is behind plan',
          summary: '120 racks behind',
        }),
      ),
    ).toBe('[alert.firing warning] fab-b is behind plan — 120 racks behind');
    expect(headlineOf(JSON.stringify({ text: 'fab-b behind plan\nmore' }))).toBe('fab-b behind plan');
    expect(
      headlineOf(
        JSON.stringify({
          attachments: [{ content: { body: [{ type: 'TextBlock', text: 'Teams says hi' }] } }],
        }),
      ),
    ).toBe('Teams says hi');
    expect(headlineOf('not json')).toBe('not json');
  });
});
