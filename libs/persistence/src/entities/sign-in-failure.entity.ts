import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A failed sign-in, counted per account (the e-mail as typed, lower case) and per client address. */
@Entity({ name: 'sign_in_failures' })
@Index('sign_in_failures_account_idx', ['account', 'at'])
@Index('sign_in_failures_address_idx', ['address', 'at'])
export class SignInFailureEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'sign_in_failures_pk' })
  id!: string;

  @Column({ type: 'varchar', length: 320 })
  account!: string;

  @Column({ type: 'varchar', length: 64 })
  address!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
