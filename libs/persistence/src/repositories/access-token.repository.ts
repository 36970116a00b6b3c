import type { Queryable } from './queryable.js';

/** An issued token as stored, minus its hash: nothing outside this file needs the hash back. */
export interface AccessTokenRecord {
  id: string;
  name: string;
  role: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface NewAccessTokenRow {
  name: string;
  role: string;
  tokenHash: string;
  createdBy: string;
}

const COLUMNS = `id, name, role, created_by AS "createdBy", created_at AS "createdAt", revoked_at AS "revokedAt"`;

/** SQL for `access_token`: the bearer tokens of managers and admins. */
export class AccessTokenRepository {
  constructor(private readonly db: Queryable) {}

  async insert(row: NewAccessTokenRow): Promise<AccessTokenRecord> {
    const rows = await this.db.query<AccessTokenRecord[]>(
      `INSERT INTO access_token (name, role, token_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [row.name, row.role, row.tokenHash, row.createdBy],
    );
    return rows[0]!;
  }

  async findActiveByHash(tokenHash: string): Promise<AccessTokenRecord | null> {
    const rows = await this.db.query<AccessTokenRecord[]>(
      `SELECT ${COLUMNS} FROM access_token WHERE token_hash = $1 AND revoked_at IS NULL`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** `FOR UPDATE` when called inside a transaction that is about to change the token. */
  async findById(id: string, options: { forUpdate?: boolean } = {}): Promise<AccessTokenRecord | null> {
    const rows = await this.db.query<AccessTokenRecord[]>(
      `SELECT ${COLUMNS} FROM access_token WHERE id = $1::bigint${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Newest first; revoked tokens stay listed so the audit log's actors can still be named. */
  async list(): Promise<AccessTokenRecord[]> {
    return this.db.query<AccessTokenRecord[]>(`SELECT ${COLUMNS} FROM access_token ORDER BY id DESC`);
  }

  /** Sets revoked_at, keeping the first revocation time. Returns the token after, or null when there is none. */
  async revoke(id: string): Promise<AccessTokenRecord | null> {
    const rows = await this.db.query<AccessTokenRecord[]>(
      `UPDATE access_token SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1::bigint RETURNING ${COLUMNS}`,
      [id],
    );
    // For UPDATE … RETURNING, TypeORM's Postgres driver answers [rows, affected count].
    const returned = Array.isArray(rows[0]) ? (rows[0] as unknown as AccessTokenRecord[]) : rows;
    return returned[0] ?? null;
  }
}
