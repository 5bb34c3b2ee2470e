import { MigrationInterface, QueryRunner } from 'typeorm';

/** Orgs (partner / customer / ops, with the partner tier), their users, and API keys stored as SHA-256 hashes. */
export class Init1764140000000 implements MigrationInterface {
  name = 'Init1764140000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."org_kind" AS ENUM('partner', 'customer', 'ops')`);
    await q.query(`CREATE TYPE "public"."partner_tier" AS ENUM('select', 'advanced', 'premier')`);
    await q.query(
      `CREATE TABLE "orgs" ("id" uuid NOT NULL, "kind" "public"."org_kind" NOT NULL, "name" character varying(200) NOT NULL, "tier" "public"."partner_tier", "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "orgs_tier_matches_kind" CHECK (("kind" = 'partner') = ("tier" IS NOT NULL)), CONSTRAINT "orgs_pk" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_pk" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "users_org_id_idx" ON "users" ("org_id")`);
    await q.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "key_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "api_keys_pk" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "api_keys_user_id_idx" ON "api_keys" ("user_id")`);
    await q.query(`CREATE UNIQUE INDEX "api_keys_key_hash_uq" ON "api_keys" ("key_hash")`);
    await q.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_user_id_fk"`);
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "users_org_id_fk"`);
    await q.query(`DROP TABLE "api_keys"`);
    await q.query(`DROP TABLE "users"`);
    await q.query(`DROP TABLE "orgs"`);
    await q.query(`DROP TYPE "public"."partner_tier"`);
    await q.query(`DROP TYPE "public"."org_kind"`);
  }
}
