import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inquiries and partner routing (design/routing.md): partner profiles kept by
 * ops; inquiries with their triage; offers to partners with their deadlines;
 * each inquiry's own hash chain of routing decisions, append-only like the
 * opportunities' audit log; the public form's submissions per address (its
 * rate limit); and links made by an accepted inquiry.
 */
export class Routing1764220000000 implements MigrationInterface {
  name = 'Routing1764220000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "partner_profiles" ("org_id" uuid NOT NULL, "platforms" character varying(20) array NOT NULL, "regions" character varying(30) array NOT NULL, "countries" character varying(2) array NOT NULL, "migration_competency" boolean NOT NULL, "capacity" integer NOT NULL, "taking_work" boolean NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "partner_profiles_pk" PRIMARY KEY ("org_id"), CONSTRAINT "partner_profiles_org_fk" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await q.query(
      `CREATE TABLE "inquiries" ("id" uuid NOT NULL, "company_name" character varying(200) NOT NULL, "company_key" character varying(200) NOT NULL, "contact_email" character varying(320) NOT NULL, "customer_country" character varying(2) NOT NULL, "source_platform" character varying(20) NOT NULL, "region" character varying(30) NOT NULL, "servers" integer NOT NULL, "databases" integer NOT NULL, "applications" integer NOT NULL, "current_monthly_spend_cents" bigint NOT NULL, "projected_monthly_aws_spend_cents" bigint, "greenfield" boolean NOT NULL, "aws_competitor" boolean NOT NULL, "notes" character varying(2000), "source" character varying(10) NOT NULL, "state" character varying(20) NOT NULL, "track" character varying(10), "triage" jsonb NOT NULL, "closed_reason" character varying(300), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "partner_org_id" uuid, "customer_org_id" uuid, "opportunity_id" uuid, "version" integer NOT NULL, "chain_head" character(64) NOT NULL, CONSTRAINT "inquiries_pk" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "inquiries_repeat_idx" ON "inquiries" ("company_key", "received_at")`);
    await q.query(`CREATE INDEX "inquiries_received_idx" ON "inquiries" ("received_at", "id")`);
    await q.query(
      `CREATE TABLE "inquiry_offers" ("id" uuid NOT NULL, "inquiry_id" uuid NOT NULL, "partner_org_id" uuid NOT NULL, "rank" integer NOT NULL, "offered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deadline_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(10) NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "reason" character varying(2000), CONSTRAINT "inquiry_offers_pk" PRIMARY KEY ("id"), CONSTRAINT "inquiry_offers_inquiry_fk" FOREIGN KEY ("inquiry_id") REFERENCES "inquiries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "inquiry_offers_partner_fk" FOREIGN KEY ("partner_org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await q.query(`CREATE INDEX "inquiry_offers_inquiry_idx" ON "inquiry_offers" ("inquiry_id")`);
    await q.query(`CREATE INDEX "inquiry_offers_partner_idx" ON "inquiry_offers" ("partner_org_id", "status")`);
    await q.query(`CREATE INDEX "inquiry_offers_open_idx" ON "inquiry_offers" ("deadline_at") WHERE "status" = 'open'`);
    await q.query(
      `CREATE TABLE "inquiry_entries" ("inquiry_id" uuid NOT NULL, "seq" integer NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, "entry" jsonb NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "inquiry_entries_pk" PRIMARY KEY ("inquiry_id", "seq"), CONSTRAINT "inquiry_entries_inquiry_fk" FOREIGN KEY ("inquiry_id") REFERENCES "inquiries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await q.query(`
      CREATE FUNCTION inquiry_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'inquiry_entries is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(
      `CREATE TRIGGER inquiry_entries_no_update_delete BEFORE UPDATE OR DELETE ON inquiry_entries FOR EACH ROW EXECUTE FUNCTION inquiry_entries_refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER inquiry_entries_no_truncate BEFORE TRUNCATE ON inquiry_entries FOR EACH STATEMENT EXECUTE FUNCTION inquiry_entries_refuse_change()`,
    );
    await q.query(
      `CREATE TABLE "inquiry_form_posts" ("id" bigserial NOT NULL, "address" character varying(64) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "inquiry_form_posts_pk" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "inquiry_form_posts_address_idx" ON "inquiry_form_posts" ("address", "at")`);
    await q.query(`ALTER TABLE "partner_customer_links" DROP CONSTRAINT "partner_customer_links_origin"`);
    await q.query(
      `ALTER TABLE "partner_customer_links" ADD CONSTRAINT "partner_customer_links_origin" CHECK ("origin" IN ('ops', 'backfill', 'inquiry'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "partner_customer_links" WHERE "origin" = 'inquiry'`);
    await q.query(`ALTER TABLE "partner_customer_links" DROP CONSTRAINT "partner_customer_links_origin"`);
    await q.query(
      `ALTER TABLE "partner_customer_links" ADD CONSTRAINT "partner_customer_links_origin" CHECK ("origin" IN ('ops', 'backfill'))`,
    );
    await q.query(`DROP INDEX "public"."inquiry_form_posts_address_idx"`);
    await q.query(`DROP TABLE "inquiry_form_posts"`);
    await q.query(`DROP TRIGGER inquiry_entries_no_truncate ON inquiry_entries`);
    await q.query(`DROP TRIGGER inquiry_entries_no_update_delete ON inquiry_entries`);
    await q.query(`DROP FUNCTION inquiry_entries_refuse_change()`);
    await q.query(`DROP TABLE "inquiry_entries"`);
    await q.query(`DROP INDEX "public"."inquiry_offers_open_idx"`);
    await q.query(`DROP INDEX "public"."inquiry_offers_partner_idx"`);
    await q.query(`DROP INDEX "public"."inquiry_offers_inquiry_idx"`);
    await q.query(`DROP TABLE "inquiry_offers"`);
    await q.query(`DROP INDEX "public"."inquiries_received_idx"`);
    await q.query(`DROP INDEX "public"."inquiries_repeat_idx"`);
    await q.query(`DROP TABLE "inquiries"`);
    await q.query(`DROP TABLE "partner_profiles"`);
  }
}
