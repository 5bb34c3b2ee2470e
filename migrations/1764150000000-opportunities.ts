import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opportunities (snapshot jsonb + indexed columns), their hash-chained audit
 * entries, Idempotency-Keys, and the funded-workloads projection for stacking.
 */
export class Opportunities1764150000000 implements MigrationInterface {
  name = 'Opportunities1764150000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "opportunities" ("id" uuid NOT NULL, "title" character varying(300) NOT NULL, "partner_org_id" uuid NOT NULL, "customer_org_id" uuid NOT NULL, "phase" character varying(20) NOT NULL, "state" character varying(120) NOT NULL, "version" integer NOT NULL, "machine_version" character varying(20) NOT NULL, "snapshot" jsonb NOT NULL, "chain_head" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "phase_entered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "overdue_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "opportunities_pk" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "opportunities_phase_idx" ON "opportunities" ("phase")`);
    await q.query(`CREATE INDEX "opportunities_state_idx" ON "opportunities" ("state")`);
    await q.query(`CREATE INDEX "opportunities_overdue_at_idx" ON "opportunities" ("overdue_at")`);
    await q.query(`CREATE INDEX "opportunities_created_idx" ON "opportunities" ("created_at", "id")`);
    await q.query(
      `CREATE INDEX "opportunities_customer_created_idx" ON "opportunities" ("customer_org_id", "created_at", "id")`,
    );
    await q.query(
      `CREATE INDEX "opportunities_partner_created_idx" ON "opportunities" ("partner_org_id", "created_at", "id")`,
    );
    await q.query(
      `CREATE TABLE "audit_entries" ("opportunity_id" uuid NOT NULL, "seq" integer NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, "entry" jsonb NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "audit_entries_pk" PRIMARY KEY ("opportunity_id", "seq"))`,
    );
    await q.query(
      `CREATE TABLE "funded_workloads" ("opportunity_id" uuid NOT NULL, "program" character varying(10) NOT NULL, "workload" character varying(200) NOT NULL, "customer_org_id" uuid NOT NULL, CONSTRAINT "funded_workloads_pk" PRIMARY KEY ("opportunity_id", "program", "workload"))`,
    );
    await q.query(`CREATE INDEX "funded_workloads_customer_idx" ON "funded_workloads" ("customer_org_id")`);
    await q.query(
      `CREATE TABLE "idempotency_keys" ("org_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "fingerprint" character(64) NOT NULL, "response_status" integer, "response_body" text, "response_headers" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "idempotency_keys_pk" PRIMARY KEY ("org_id", "key"))`,
    );
    await q.query(`CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys" ("expires_at")`);
    await q.query(
      `ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_partner_org_fk" FOREIGN KEY ("partner_org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_customer_org_fk" FOREIGN KEY ("customer_org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_opportunity_fk" FOREIGN KEY ("opportunity_id") REFERENCES "opportunities"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_entries" DROP CONSTRAINT "audit_entries_opportunity_fk"`);
    await q.query(`ALTER TABLE "opportunities" DROP CONSTRAINT "opportunities_customer_org_fk"`);
    await q.query(`ALTER TABLE "opportunities" DROP CONSTRAINT "opportunities_partner_org_fk"`);
    await q.query(`DROP TABLE "idempotency_keys"`);
    await q.query(`DROP TABLE "funded_workloads"`);
    await q.query(`DROP TABLE "audit_entries"`);
    await q.query(`DROP TABLE "opportunities"`);
  }
}
