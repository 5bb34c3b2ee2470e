import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far an opportunity's audit entries have been turned into deliveries (the dispatcher's place). */
@Entity({ name: 'outbox_cursors' })
export class OutboxCursorEntity {
  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid', primaryKeyConstraintName: 'outbox_cursors_pk' })
  opportunityId!: string;

  @Column({ name: 'dispatched_seq', type: 'integer' })
  dispatchedSeq!: number;
}
