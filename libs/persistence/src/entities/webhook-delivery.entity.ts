import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

/**
 * One committed audit entry (an opportunity's creation or event) for one
 * subscription: made once (its key), sent in `seq` order per opportunity,
 * retried with backoff until delivered or dead (24 hours of failures).
 */
@Entity({ name: 'webhook_deliveries' })
@Index('webhook_deliveries_pending_idx', ['subscriptionId', 'opportunityId', 'seq'], { where: `"status" = 'pending'` })
export class WebhookDeliveryEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'uuid', primaryKeyConstraintName: 'webhook_deliveries_pk' })
  subscriptionId!: string;

  @ManyToOne(() => WebhookSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'webhook_deliveries_subscription_fk' })
  subscription?: WebhookSubscriptionEntity;

  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid', primaryKeyConstraintName: 'webhook_deliveries_pk' })
  opportunityId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'webhook_deliveries_pk' })
  seq!: number;

  /** pending, delivered or dead. */
  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  /** The receiver's HTTP status of the last attempt, or null when none came back. */
  @Column({ name: 'last_status', type: 'integer', nullable: true })
  lastStatus!: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
