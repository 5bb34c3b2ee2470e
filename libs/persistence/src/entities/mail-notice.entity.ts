import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrgEntity } from './org.entity';

/**
 * Something to tell an org's people by e-mail (design/events-out.md): a
 * decision waiting for a customer, a claim due within 14 days, a webhook
 * subscription disabled. Keyed by what it tells, so it is sent once; kept
 * with its outcome (`pending`, `sent` to `recipients` people, or `failed`
 * after its attempts).
 */
@Entity({ name: 'mail_notices' })
@Index('mail_notices_pending_idx', ['createdAt'], { where: `"status" = 'pending'` })
export class MailNoticeEntity {
  @PrimaryColumn({ type: 'varchar', length: 400, primaryKeyConstraintName: 'mail_notices_pk' })
  key!: string;

  @Column({ type: 'varchar', length: 30 })
  kind!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrgEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'mail_notices_org_fk' })
  org?: OrgEntity;

  @Column({ name: 'opportunity_id', type: 'uuid', nullable: true })
  opportunityId!: string | null;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ type: 'integer', nullable: true })
  recipients!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

/** Where the notifier's last pass stopped among changed opportunities: one row. */
@Entity({ name: 'notify_cursor' })
@Check('notify_cursor_one', `"id" = 1`)
export class NotifyCursorEntity {
  @PrimaryColumn({ type: 'smallint', default: 1, primaryKeyConstraintName: 'notify_cursor_pk' })
  id!: number;

  @Column({ name: 'seen_until', type: 'timestamptz' })
  seenUntil!: Date;
}
