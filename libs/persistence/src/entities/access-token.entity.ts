import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A bearer token issued by an admin to a person (a shift manager, or another admin). Like station tokens,
 * only the token's SHA-256 is kept; the token itself is shown once, when it is issued.
 */
@Entity({ name: 'access_token' })
export class AccessTokenEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** Who or what holds it, e.g. "night shift lead, line 2"; shown in the audit log. */
  @Column({ type: 'text' })
  name: string;

  /** `manager` reads; `admin` also changes configuration. */
  @Column({ type: 'text' })
  role: string;

  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash: string;

  /** The actor that issued it, as the audit log names actors. */
  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
