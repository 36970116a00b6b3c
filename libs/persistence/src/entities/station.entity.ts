import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A registered station terminal. The token itself is never stored, only its SHA-256. */
@Entity({ name: 'station' })
export class StationEntity {
  @PrimaryColumn({ name: 'station_id', type: 'text' })
  stationId: string;

  @Column({ type: 'text' })
  stage: string;

  /** `station` posts for its own stage; `supervisor` may hold, release or scrap at any stage. */
  @Column({ type: 'text' })
  role: string;

  @Column({ name: 'site_id', type: 'text' })
  siteId: string;

  @Column({ name: 'line_id', type: 'text' })
  lineId: string;

  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
