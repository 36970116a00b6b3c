import { resolve } from 'node:path';
import { REPO_ROOT, spawnNodeProcess, type NodeProcess, type NodeProcessOptions } from './node-process.js';
import { testPassportKeyFile } from './passport-key.js';
import { ADMIN_TOKEN, KAFKA_BROKERS } from './test-stack.js';

export type ServiceName = 'ingest' | 'tracker' | 'alerts' | 'api' | 'cfx-bridge';

/** The entry point `npm run build` writes for a service. */
export function builtServiceScript(name: ServiceName): string {
  return resolve(REPO_ROOT, `dist/apps/${name}/src/main.js`);
}

/**
 * The node flags every launcher gives a service (package.json's start scripts, docker/compose.yaml,
 * scripts/run-system.sh; a test checks they agree). The tracker's larger young generation: a chunk's data
 * outlives several collections at the default size, and catching up a backlog spent a fifth of its CPU in them
 * (docs/operations.md, "Scale trackers").
 */
export function builtServiceNodeOptions(name: ServiceName): string[] {
  return name === 'tracker' ? ['--max-semi-space-size=128'] : [];
}

/** What a service needs that production takes from files: the tracker's passport signing key. */
export function builtServiceDefaults(name: ServiceName): Record<string, string> {
  return name === 'tracker' ? { PASSPORT_SIGNING_KEY_FILE: testPassportKeyFile() } : {};
}

/**
 * Starts a built service (`dist/`) as its own process, exactly as production runs it, on a free loopback port,
 * and resolves once it logs that it is listening. `env` comes on top of a minimal environment; nothing of the
 * caller's environment leaks in.
 */
export function startBuiltService(
  name: ServiceName,
  env: Record<string, string>,
  options: Pick<NodeProcessOptions, 'startTimeoutMs' | 'keepLines' | 'logFile' | 'stopTimeoutMs'> = {},
): Promise<NodeProcess> {
  return spawnNodeProcess({
    name,
    script: builtServiceScript(name),
    nodeOptions: builtServiceNodeOptions(name),
    cwd: REPO_ROOT,
    env: { LOG_LEVEL: 'log', ...builtServiceDefaults(name), ...env },
    ...options,
  });
}

export interface RunningService extends NodeProcess {
  name: ServiceName;
  url: string;
}

/**
 * The consumer groups each service joins (or, for alerts, watches the tracker's by), with the name
 * `npm run system` uses for each, which is never a suite's, and the service whose name a suite's default takes.
 */
const CONSUMER_GROUPS: Record<ServiceName, { variable: string; systemName: string; owner: ServiceName }[]> = {
  ingest: [],
  tracker: [{ variable: 'TRACKER_CONSUMER_GROUP', systemName: 'rack-tracker', owner: 'tracker' }],
  alerts: [
    { variable: 'ALERTS_CONSUMER_GROUP', systemName: 'rack-alerts', owner: 'alerts' },
    { variable: 'TRACKER_CONSUMER_GROUP', systemName: 'rack-tracker', owner: 'tracker' },
  ],
  api: [{ variable: 'LIVE_CONSUMER_GROUP_PREFIX', systemName: 'api-live', owner: 'api' }],
  // The bridge consumes AMQP, not Kafka: a suite keeps it off the system's queue with its own CFX_AMQP_ADDRESS.
  'cfx-bridge': [],
};

/**
 * Keeps a suite's service off the topics and consumer groups of `npm run system`, which shares the broker: it
 * must be given the suite's own topic prefix (from createTestTopics), and its consumer groups, unless given, are
 * named after that prefix (`tracker-<prefix>`, `alerts-<prefix>`, `api-<prefix>`). The system's groups are refused.
 */
export function isolatedKafkaEnvironment(
  name: ServiceName,
  env: Record<string, string>,
): Record<string, string> {
  const prefix = env.KAFKA_TOPIC_PREFIX?.trim() ?? '';
  if (prefix === '')
    throw new Error(
      `startService('${name}') needs the suite's own KAFKA_TOPIC_PREFIX (createTestTopics()): ` +
        'without one it would use the topics of npm run system',
    );
  const isolated = { ...env };
  for (const group of CONSUMER_GROUPS[name]) {
    const groupId = env[group.variable] ?? `${group.owner}-${prefix}`;
    if (groupId.trim() === '' || groupId === group.systemName)
      throw new Error(
        `startService('${name}'): ${group.variable}=${groupId || '(empty)'}: a suite's service needs a consumer ` +
          `group of its own, never npm run system's ${group.systemName} (leave it out for ${group.owner}-${prefix})`,
      );
    isolated[group.variable] = groupId;
  }
  if (name === 'cfx-bridge') {
    // The demo's equipment publishes to /queue/cfx on the same broker: a suite's bridge reads a queue of its own.
    const address = env.CFX_AMQP_ADDRESS ?? `/queue/cfx-${prefix.replace(/\.$/, '')}`;
    if (address === '/queue/cfx')
      throw new Error(
        `startService('cfx-bridge'): /queue/cfx is npm run system's; give the suite's bridge its own`,
      );
    isolated.CFX_AMQP_ADDRESS = address;
  }
  return isolated;
}

/** A suite's service: a built service on the test stack, with the test admin token and its own topics and groups. */
export async function startService(
  name: ServiceName,
  env: Record<string, string>,
  options: { startTimeoutMs?: number } = {},
): Promise<RunningService> {
  const service = await startBuiltService(
    name,
    { KAFKA_BROKERS, ADMIN_TOKEN, ...isolatedKafkaEnvironment(name, env) },
    options,
  );
  return Object.assign(service, { name, url: service.url! });
}
