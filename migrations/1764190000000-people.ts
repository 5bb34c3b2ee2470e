import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People who sign in to the web app (design/web.md): a user may have an
 * e-mail and an argon2id password hash, and (ops) a TOTP secret; invitations
 * from ops (the token stored as its SHA-256, single use, 72 hours); sessions
 * (the token stored as its SHA-256, 12 hours, 2 idle, ended at sign-out); and
 * failed sign-ins, counted per account and per address.
 */
export class People1764190000000 implements MigrationInterface {
  name = 'People1764190000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "users" ADD "email" character varying(320), ADD "password_hash" text, ADD "totp_secret" character varying(64), ADD "totp_enabled_at" TIMESTAMP WITH TIME ZONE`,
    );
    await q.query(`CREATE UNIQUE INDEX "users_email_uq" ON "users" (lower("email")) WHERE "email" IS NOT NULL`);
    await q.query(
      `CREATE TABLE "invitations" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "token_hash" character(64) NOT NULL, "created_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "user_id" uuid, CONSTRAINT "invitations_pk" PRIMARY KEY ("id"), CONSTRAINT "invitations_org_fk" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT, CONSTRAINT "invitations_created_by_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT, CONSTRAINT "invitations_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT, CONSTRAINT "invitations_accepted_with_user" CHECK (("accepted_at" IS NULL) = ("user_id" IS NULL)))`,
    );
    await q.query(`CREATE UNIQUE INDEX "invitations_token_hash_uq" ON "invitations" ("token_hash")`);
    await q.query(`CREATE INDEX "invitations_org_idx" ON "invitations" ("org_id")`);
    await q.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "second_factor_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "sessions_pk" PRIMARY KEY ("id"), CONSTRAINT "sessions_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT)`,
    );
    await q.query(`CREATE UNIQUE INDEX "sessions_token_hash_uq" ON "sessions" ("token_hash")`);
    await q.query(`CREATE INDEX "sessions_user_idx" ON "sessions" ("user_id")`);
    await q.query(
      `CREATE TABLE "sign_in_failures" ("id" bigserial NOT NULL, "account" character varying(320) NOT NULL, "address" character varying(64) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "sign_in_failures_pk" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "sign_in_failures_account_idx" ON "sign_in_failures" ("account", "at")`);
    await q.query(`CREATE INDEX "sign_in_failures_address_idx" ON "sign_in_failures" ("address", "at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sign_in_failures"`);
    await q.query(`DROP TABLE "sessions"`);
    await q.query(`DROP TABLE "invitations"`);
    await q.query(`DROP INDEX "public"."users_email_uq"`);
    await q.query(
      `ALTER TABLE "users" DROP COLUMN "totp_enabled_at", DROP COLUMN "totp_secret", DROP COLUMN "password_hash", DROP COLUMN "email"`,
    );
  }
}
