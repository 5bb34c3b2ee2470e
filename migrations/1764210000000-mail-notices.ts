import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail when someone must act (design/events-out.md): the notices to send,
 * one per thing to tell an org (keyed, so a thing is told once), kept with
 * what was sent and when; the notifier's place among changed opportunities;
 * and an index to find those cheaply.
 */
export class MailNotices1764210000000 implements MigrationInterface {
  name = 'MailNotices1764210000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "mail_notices" ("key" character varying(400) NOT NULL, "kind" character varying(30) NOT NULL, "org_id" uuid NOT NULL, "opportunity_id" uuid, "subject" character varying(300) NOT NULL, "body" text NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" character varying(500), "recipients" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "mail_notices_pk" PRIMARY KEY ("key"), CONSTRAINT "mail_notices_org_fk" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await q.query(
      `CREATE INDEX "mail_notices_pending_idx" ON "mail_notices" ("created_at") WHERE "status" = 'pending'`,
    );
    await q.query(
      `CREATE TABLE "notify_cursor" ("id" smallint NOT NULL DEFAULT 1, "seen_until" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "notify_cursor_pk" PRIMARY KEY ("id"), CONSTRAINT "notify_cursor_one" CHECK ("id" = 1))`,
    );
    await q.query(`CREATE INDEX "opportunities_updated_idx" ON "opportunities" ("updated_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."opportunities_updated_idx"`);
    await q.query(`DROP TABLE "notify_cursor"`);
    await q.query(`DROP INDEX "public"."mail_notices_pending_idx"`);
    await q.query(`DROP TABLE "mail_notices"`);
  }
}
