import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrgEntity } from './org.entity';

/** A person (or system) acting for one org. Its role comes from the org's kind. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'users_pk' })
  id!: string;

  @Index('users_org_id_idx')
  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrgEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'users_org_id_fk' })
  org?: OrgEntity;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The address a person signs in with; unique regardless of case (an expression index the migration makes). */
  @Index('users_email_uq', { synchronize: false })
  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  /** argon2id (PHC string); null for a user that only holds API keys. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  /** An ops person's TOTP secret (base32), set at enrolment. */
  @Column({ name: 'totp_secret', type: 'varchar', length: 64, nullable: true })
  totpSecret!: string | null;

  /** When the TOTP secret was confirmed with a first code; until then it is not a second factor. */
  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt!: Date | null;
}
