/** A connection or a transaction's EntityManager: repositories run their SQL on whichever the caller holds. */
export interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** Postgres' unique_violation, raised e.g. when two racks race to install the same component serial. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const candidate = error as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = candidate?.driverError?.code ?? candidate?.code;
  const name = candidate?.driverError?.constraint ?? candidate?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}

/** Rows travel as one jsonb parameter (`jsonb_to_recordset`), so a batch never nears the 65,535 bind limit. */
export function asJsonRows(rows: readonly object[]): string {
  return JSON.stringify(rows);
}
