import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { builtServiceNodeOptions, type ServiceName } from '#testing';

// Tests and benchmarks start services with builtServiceNodeOptions; a launcher that forgot a flag would run
// the product differently from what was measured.
const ROOT = resolve(import.meta.dirname, '../..');
const SERVICES: ServiceName[] = ['ingest', 'tracker', 'alerts', 'api', 'cfx-bridge'];

describe('every launcher starts a service with the same node flags', () => {
  const packageScripts = (
    JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const compose = parse(readFileSync(resolve(ROOT, 'docker/compose.yaml'), 'utf8')) as {
    services: Record<string, { command: string[] }>;
  };
  const runSystem = readFileSync(resolve(ROOT, 'scripts/run-system.sh'), 'utf8');
  const runSystemFlags = new Map(
    [...runSystem.matchAll(/\[\[ "\$service" == ([\w-]+) \]\] && node_flags=\(([^)]*)\)/g)].map(
      ([, service, flags]) => [service, flags!.split(/\s+/).filter(Boolean)],
    ),
  );

  it.each(SERVICES)('%s', (service) => {
    const flags = builtServiceNodeOptions(service);
    const script = `dist/apps/${service}/src/main.js`;
    expect(packageScripts[`start:${service}`]).toBe(['node', ...flags, script].join(' '));
    expect(compose.services[service]!.command).toEqual(['node', ...flags, script]);
    expect(runSystemFlags.get(service) ?? []).toEqual(flags);
  });

  it('gives the tracker its larger young generation', () => {
    expect(builtServiceNodeOptions('tracker')).toEqual(['--max-semi-space-size=128']);
  });
});
