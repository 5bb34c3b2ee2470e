import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner-customer links (DESIGN.md section 1): a partner opens
 * opportunities only for the customers it is linked to. Existing data is
 * linked as it stands: every partner that already has an opportunity with a
 * customer is linked to that customer (origin `backfill`, dated by its first
 * such opportunity).
 */
export class PartnerLinks1764170000000 implements MigrationInterface {
  name = 'PartnerLinks1764170000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "partner_customer_links" ("customer_org_id" uuid NOT NULL, "partner_org_id" uuid NOT NULL, "origin" character varying(20) NOT NULL, "created_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "partner_customer_links_origin" CHECK ("origin" IN ('ops', 'backfill')), CONSTRAINT "partner_customer_links_pk" PRIMARY KEY ("customer_org_id", "partner_org_id"))`,
    );
    await q.query(`CREATE INDEX "partner_customer_links_partner_idx" ON "partner_customer_links" ("partner_org_id")`);
    await q.query(
      `ALTER TABLE "partner_customer_links" ADD CONSTRAINT "partner_customer_links_customer_fk" FOREIGN KEY ("customer_org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "partner_customer_links" ADD CONSTRAINT "partner_customer_links_partner_fk" FOREIGN KEY ("partner_org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`
      INSERT INTO "partner_customer_links" ("customer_org_id", "partner_org_id", "origin", "created_at")
      SELECT o.customer_org_id, o.partner_org_id, 'backfill', min(o.created_at)
        FROM "opportunities" o
        JOIN "orgs" c ON c.id = o.customer_org_id AND c.kind = 'customer'
        JOIN "orgs" p ON p.id = o.partner_org_id AND p.kind = 'partner'
       GROUP BY o.customer_org_id, o.partner_org_id`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "partner_customer_links" DROP CONSTRAINT "partner_customer_links_partner_fk"`);
    await q.query(`ALTER TABLE "partner_customer_links" DROP CONSTRAINT "partner_customer_links_customer_fk"`);
    await q.query(`DROP INDEX "public"."partner_customer_links_partner_idx"`);
    await q.query(`DROP TABLE "partner_customer_links"`);
  }
}
