/** A query and its bound values, built here and run by whoever holds the connection. */
/** Keyset position, newest first: rows with an id strictly below `beforeId`. */
export interface NewestFirstPage {
  beforeId: string | null;
  limit: number;
}

export interface SqlQuery {
  text: string;
  values: unknown[];
}

/**
 * The WHERE clause of a list query built from only the filters given, every value bound as a parameter and
 * never spliced into the SQL. `values` keeps binding order, so later parts (a LIMIT) bind after the filters.
 */
export class SqlConditions {
  readonly values: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Binds a value and answers its placeholder (`$3`). */
  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  add(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** `column = value` for each pair whose value is given; an absent value is no filter. */
  equal(pairs: readonly (readonly [column: string, value: string | undefined])[]): this {
    for (const [column, value] of pairs) {
      if (value !== undefined) this.add(`${column} = ${this.bind(value)}`);
    }
    return this;
  }

  get isEmpty(): boolean {
    return this.conditions.length === 0;
  }

  /** The conditions joined by AND, for a query that always has at least one. */
  joined(): string {
    return this.conditions.join(' AND ');
  }

  /** ` WHERE …`, or nothing when no filter was given. */
  where(): string {
    return this.isEmpty ? '' : ` WHERE ${this.joined()}`;
  }
}
