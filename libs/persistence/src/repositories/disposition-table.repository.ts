import type { DispositionRule, DispositionTable } from '#domain';
import type { Queryable } from './queryable.js';

interface DispositionTableRow {
  version: number;
  rules: DispositionRule[];
  effective_from: Date;
  saved_by: string;
  note: string | null;
}

/** A saved version of the disposition table: who saved it, why, and from when it applies. */
export interface StoredDispositionTable {
  table: DispositionTable;
  effectiveFrom: Date;
  savedBy: string;
  note: string | null;
}

function toStored(row: DispositionTableRow): StoredDispositionTable {
  return {
    table: { version: row.version, rules: row.rules },
    effectiveFrom: row.effective_from,
    savedBy: row.saved_by,
    note: row.note,
  };
}

/** `disposition_table`: versions are only ever added. */
export class DispositionTableRepository {
  constructor(private readonly db: Queryable) {}

  /** The newest version number saved, 0 when none is (the shipped table is in force). */
  async latestVersion(): Promise<number> {
    const [row] = await this.db.query<{ version: number }[]>(
      'SELECT COALESCE(max(version), 0)::int AS version FROM disposition_table',
    );
    return row?.version ?? 0;
  }

  /** Every saved version, oldest first: a handful of rows a year. */
  async findAll(): Promise<StoredDispositionTable[]> {
    const rows = await this.db.query<DispositionTableRow[]>(
      'SELECT * FROM disposition_table ORDER BY version',
    );
    return rows.map(toStored);
  }

  async findVersion(version: number): Promise<StoredDispositionTable | undefined> {
    const rows = await this.db.query<DispositionTableRow[]>(
      'SELECT * FROM disposition_table WHERE version = $1',
      [version],
    );
    return rows.map(toStored)[0];
  }

  /**
   * Saves the next version, in force from the moment it commits (clock_timestamp at insert, a few milliseconds
   * earlier). The table lock makes concurrent saves take turns, so versions never collide or skip.
   */
  async saveNext(
    rules: readonly DispositionRule[],
    savedBy: string,
    note: string | null,
  ): Promise<StoredDispositionTable> {
    await this.db.query('LOCK TABLE disposition_table IN SHARE ROW EXCLUSIVE MODE');
    const rows = await this.db.query<DispositionTableRow[]>(
      `INSERT INTO disposition_table (version, rules, saved_by, note)
       SELECT COALESCE(max(version), 0) + 1, $1::jsonb, $2, $3 FROM disposition_table
       RETURNING *`,
      [JSON.stringify(rules), savedBy, note],
    );
    return toStored(rows[0]!);
  }
}
