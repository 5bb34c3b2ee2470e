import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ACE sync's place per opportunity (design/ace.md): the ACE opportunity
 * it made, the version it last looked at and the hash of what it last sent, the submission it made, ACE's last review
 * status, and its last error with the version it failed on and when to try
 * again (at once when the opportunity changes after it).
 */
export class AceSync1764230000000 implements MigrationInterface {
  name = 'AceSync1764230000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "ace_syncs" ("opportunity_id" uuid NOT NULL, "ace_opportunity_id" character varying(20), "synced_version" integer NOT NULL DEFAULT '0', "sent_hash" character(64), "associated" boolean NOT NULL DEFAULT false, "submitted_for" TIMESTAMP WITH TIME ZONE, "review_status" character varying(30), "last_error" character varying(1000), "error_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "failed_version" integer, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ace_syncs_pk" PRIMARY KEY ("opportunity_id"), CONSTRAINT "ace_syncs_opportunity_fk" FOREIGN KEY ("opportunity_id") REFERENCES "opportunities"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ace_syncs"`);
  }
}
