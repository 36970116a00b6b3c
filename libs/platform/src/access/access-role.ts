/** People's roles. Stations are not people: their tokens are checked by ingest alone and open nothing here. */
export const ACCESS_ROLES = ['manager', 'admin'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

export function isAccessRole(value: unknown): value is AccessRole {
  return typeof value === 'string' && (ACCESS_ROLES as readonly string[]).includes(value);
}

/** An admin may do whatever a manager may; a manager only reads. */
export function roleSatisfies(held: AccessRole, required: AccessRole): boolean {
  return held === 'admin' || held === required;
}

/** The authenticated caller, named as the audit log names actors. */
export interface Principal {
  /** `admin-token` for the bootstrap ADMIN_TOKEN, `token:<id>` for an issued token. */
  id: string;
  name: string;
  role: AccessRole;
}

export const BOOTSTRAP_ADMIN: Principal = Object.freeze({
  id: 'admin-token',
  name: 'ADMIN_TOKEN',
  role: 'admin',
});
