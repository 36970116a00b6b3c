import type { Kafka } from 'kafkajs';
import pg from 'pg';
import {
  createProductTopics,
  databaseUrlOn,
  kafkaClient,
  migrateDatabase,
  productTopicNames,
  withPostgresClient,
} from '#testing';

export interface BenchStackSettings {
  /** postgres://… of a database with rights to CREATE DATABASE (the maintenance database). */
  postgresAdminUrl: string;
  kafkaBrokers: string[];
  /** Migrated once per run; every scenario starts from a clone of it. */
  templateDatabase: string;
}

/**
 * The benchmark's own corner of the local stack: a migrated template database cloned per scenario, and topics
 * under a run prefix. Everything it creates it removes again, so runs do not pile up data on the machine.
 */
export class BenchStack {
  private readonly databases = new Set<string>();
  private readonly prefixes = new Set<string>();
  readonly kafka: Kafka;

  constructor(readonly settings: BenchStackSettings) {
    this.kafka = kafkaClient(settings.kafkaBrokers.join(','), 'bench');
  }

  adminQuery<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return withPostgresClient(
      this.settings.postgresAdminUrl,
      async (client) => (await client.query<R>(sql, params)).rows,
    );
  }

  /** Checks Kafka and Postgres answer, and migrates the template. */
  async prepare(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
    } catch (error) {
      throw new Error(
        `Kafka is not reachable at ${this.settings.kafkaBrokers.join(',')} (${String(error)}): run \`npm run stack:up\``,
      );
    } finally {
      await admin.disconnect();
    }
    const template = this.settings.templateDatabase;
    const exists = await this.adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.length === 0) await this.adminQuery(`CREATE DATABASE "${template}"`);
    await migrateDatabase(databaseUrlOn(this.settings.postgresAdminUrl, template), 'bench-setup');
  }

  /** A fresh, migrated database for one scenario. */
  async createDatabase(name: string): Promise<string> {
    await this.adminQuery(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [this.settings.templateDatabase],
    );
    await this.adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await this.adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${this.settings.templateDatabase}"`);
    this.databases.add(name);
    return databaseUrlOn(this.settings.postgresAdminUrl, name);
  }

  /** Creates the product topics under `prefix` (which ends in a dot). */
  async createTopics(prefix: string): Promise<void> {
    await createProductTopics(this.kafka, prefix);
    this.prefixes.add(prefix);
  }

  /** Commits `groupId`'s offsets at the end of `topic`: the group's next member reads only what comes after. */
  async moveGroupToEnd(groupId: string, topic: string): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      // The high watermarks themselves: admin.resetOffsets would commit kafkajs' "latest" sentinel (-1), which a
      // member subscribed from the beginning (as the tracker's consumers are) reads as "no offset": from the start.
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
      });
    } finally {
      await admin.disconnect();
    }
  }

  async cleanUp(): Promise<void> {
    for (const name of this.databases)
      await this.adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    this.databases.clear();
    if (this.prefixes.size === 0) return;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topics = [...this.prefixes].flatMap(productTopicNames);
      await admin.deleteTopics({ topics, timeout: 30_000 }).catch(() => undefined);
      this.prefixes.clear();
    } finally {
      await admin.disconnect();
    }
  }
}

/** A small pool on one scenario database, for probes. */
export function probePool(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 2 });
}
