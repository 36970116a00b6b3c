import type { FailureDisposition, InstalledComponent, PendingReplacement } from '#domain';
import { asJsonRows, type Queryable } from './queryable.js';

/** A disposition as the tracker writes it: the decision, where it was made, and the part as installed. */
export interface FailureDispositionRecord {
  eventId: string;
  failureIndex: number;
  rackSerial: string;
  siteId: string;
  stage: string;
  stationId: string;
  occurredAt: Date;
  disposition: FailureDisposition;
  // The part the failure names, as installed when it failed; null when it names none.
  component: InstalledComponent | null;
}

/** A past failure of a code on a part or rack: what escalation counts. */
export interface FailureOccurrence {
  code: string;
  subjectSerial: string;
  occurredAt: Date;
}

/** A stored disposition, as the rack view shows it. */
export interface StoredFailureDisposition {
  eventId: string;
  stage: string;
  stationId: string;
  code: string;
  componentSerial: string | null;
  partNumber: string | null;
  supplierId: string | null;
  lot: string | null;
  message: string | null;
  action: string;
  occurrence: number;
  rulePattern: string | null;
  why: string;
  tableVersion: number;
  occurredAt: Date;
}

/** `failure_disposition`: written in the tracker's chunk transaction, read back for escalation and returns. */
export class FailureDispositionRepository {
  constructor(private readonly db: Queryable) {}

  async insertMany(records: readonly FailureDispositionRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map(({ disposition: d, component: c, ...where }) => ({
      eventId: where.eventId,
      failureIndex: where.failureIndex,
      rackSerial: where.rackSerial,
      siteId: where.siteId,
      stage: where.stage,
      stationId: where.stationId,
      occurredAt: where.occurredAt,
      code: d.code,
      subjectSerial: d.subjectSerial,
      componentSerial: d.componentSerial,
      partNumber: c?.partNumber ?? null,
      kind: c?.kind ?? null,
      supplierId: c?.supplierId ?? null,
      lot: c?.lot ?? null,
      message: d.message,
      action: d.action,
      occurrence: d.occurrence,
      rulePattern: d.pattern,
      why: d.why,
      tableVersion: d.tableVersion,
    }));
    await this.db.query(
      `INSERT INTO failure_disposition (event_id, failure_index, rack_serial, site_id, stage, station_id, occurred_at, code,
                                        subject_serial, component_serial, part_number, kind, supplier_id, lot, message,
                                        action, occurrence, rule_pattern, why, table_version)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, "failureIndex" smallint, "rackSerial" text,
              "siteId" text, stage text, "stationId" text, "occurredAt" timestamptz, code text, "subjectSerial" text,
              "componentSerial" text, "partNumber" text, kind text, "supplierId" text, lot text, message text,
              action text, occurrence int, "rulePattern" text, why text, "tableVersion" int)`,
      [asJsonRows(rows)],
    );
  }

  /** A rack's dispositions in the order the tracker made them, the latest `limit`. */
  async findByRack(rackSerial: string, limit: number): Promise<StoredFailureDisposition[]> {
    return this.db.query<StoredFailureDisposition[]>(
      `SELECT "eventId", stage, "stationId", code, "componentSerial", "partNumber", "supplierId", lot, message, action,
              occurrence, "rulePattern", why, "tableVersion", "occurredAt"
         FROM (
         SELECT id, event_id AS "eventId", stage, station_id AS "stationId", code, component_serial AS "componentSerial",
                part_number AS "partNumber", supplier_id AS "supplierId", lot, message, action, occurrence,
                rule_pattern AS "rulePattern", why, table_version AS "tableVersion", occurred_at AS "occurredAt"
           FROM failure_disposition WHERE rack_serial = $1 ORDER BY id DESC LIMIT $2) latest
       ORDER BY id`,
      [rackSerial, limit],
    );
  }

  /** Failures of these subjects (parts or racks) since `since`: the repeats the chunk's failures may escalate on. */
  async occurrencesOf(subjectSerials: readonly string[], since: Date): Promise<FailureOccurrence[]> {
    if (subjectSerials.length === 0) return [];
    return this.db.query<FailureOccurrence[]>(
      `SELECT code, subject_serial AS "subjectSerial", occurred_at AS "occurredAt"
         FROM failure_disposition
        WHERE subject_serial = ANY($1::text[]) AND occurred_at >= $2`,
      [[...new Set(subjectSerials)], since],
    );
  }

  /**
   * `replace_part` dispositions of these parts made while they sat in their current rack (since they were
   * installed there): the returns their removal would open.
   */
  async pendingReplacements(componentSerials: readonly string[]): Promise<PendingReplacement[]> {
    if (componentSerials.length === 0) return [];
    return this.db.query<PendingReplacement[]>(
      `SELECT d.event_id AS "failureEventId", d.component_serial AS "componentSerial", d.rack_serial AS "rackSerial",
              d.code, d.occurred_at AS "occurredAt"
         FROM failure_disposition d
         JOIN component_install i ON i.component_serial = d.component_serial AND i.rack_serial = d.rack_serial
                                 AND i.removed_at IS NULL
        WHERE d.component_serial = ANY($1::text[]) AND d.action = 'replace_part' AND d.occurred_at >= i.installed_at`,
      [[...new Set(componentSerials)]],
    );
  }
}
