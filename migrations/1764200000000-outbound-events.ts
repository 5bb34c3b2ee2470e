import { runMigrations } from 'graphile-worker';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound events (design/events-out.md): webhook subscriptions, their
 * deliveries and the dispatcher's place per opportunity; and the
 * transactional outbox, a trigger on `audit_entries` that enqueues a
 * graphile-worker job in the very statement that appends a committed
 * creation or event, when a live subscription may see its opportunity. No
 * commit, no job; no job lost once committed. graphile-worker's own schema is
 * installed first, by graphile-worker itself (its migrations, its lock), on a
 * connection of its own to the same database.
 */
export class OutboundEvents1764200000000 implements MigrationInterface {
  name = 'OutboundEvents1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    const options = q.connection.options;
    if (options.type !== 'postgres' || options.url === undefined)
      throw new Error('the outbound events migration needs a PostgreSQL data source given by URL');
    await runMigrations({ connectionString: options.url, logger: undefined });
    await q.query(
      `CREATE TABLE "outbox_cursors" ("opportunity_id" uuid NOT NULL, "dispatched_seq" integer NOT NULL, CONSTRAINT "outbox_cursors_pk" PRIMARY KEY ("opportunity_id"))`,
    );
    await q.query(
      `CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "url" character varying(2000) NOT NULL, "events" character varying(64) array NOT NULL, "secret" character varying(100) NOT NULL, "previous_secret" character varying(100), "previous_secret_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "failing_since" TIMESTAMP WITH TIME ZONE, "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "webhook_subscriptions_pk" PRIMARY KEY ("id"), CONSTRAINT "webhook_subscriptions_org_fk" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await q.query(`CREATE INDEX "webhook_subscriptions_org_idx" ON "webhook_subscriptions" ("org_id")`);
    await q.query(
      `CREATE TABLE "webhook_deliveries" ("subscription_id" uuid NOT NULL, "opportunity_id" uuid NOT NULL, "seq" integer NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_status" integer, "last_error" character varying(500), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "webhook_deliveries_pk" PRIMARY KEY ("subscription_id", "opportunity_id", "seq"), CONSTRAINT "webhook_deliveries_subscription_fk" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await q.query(
      `CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries" ("subscription_id", "opportunity_id", "seq") WHERE "status" = 'pending'`,
    );
    // The outbox: one dispatch job per opportunity with new entries (a pending one is reused, so a burst of
    // commits makes one job), enqueued in the appending statement, only when a live subscription may see it.
    await q.query(`CREATE FUNCTION mapflow_outbox_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM graphile_worker.add_job('dispatch', json_build_object('opportunityId', a.opportunity_id),
            job_key := 'dispatch:' || a.opportunity_id, job_key_mode := 'preserve_run_at')
     FROM (SELECT DISTINCT opportunity_id FROM added) a
     JOIN opportunities o ON o.id = a.opportunity_id
    WHERE EXISTS (SELECT 1 FROM webhook_subscriptions s JOIN orgs g ON g.id = s.org_id
                   WHERE s.disabled_at IS NULL
                     AND (g.kind = 'ops' OR s.org_id = o.partner_org_id OR s.org_id = o.customer_org_id));
  RETURN NULL;
END
$$`);
    await q.query(
      `CREATE TRIGGER "audit_entries_outbox" AFTER INSERT ON "audit_entries" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION mapflow_outbox_enqueue()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "audit_entries_outbox" ON "audit_entries"`);
    await q.query(`DROP FUNCTION mapflow_outbox_enqueue()`);
    await q.query(`DROP INDEX "public"."webhook_deliveries_pending_idx"`);
    await q.query(`DROP TABLE "webhook_deliveries"`);
    await q.query(`DROP INDEX "public"."webhook_subscriptions_org_idx"`);
    await q.query(`DROP TABLE "webhook_subscriptions"`);
    await q.query(`DROP TABLE "outbox_cursors"`);
    await q.query(`DROP SCHEMA graphile_worker CASCADE`);
  }
}
