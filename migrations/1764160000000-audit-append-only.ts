import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log is append-only in the database itself: triggers refuse every
 * UPDATE, DELETE and TRUNCATE on audit_entries, so only a superuser who
 * disables them can rewrite history (and checkpoints catch that).
 */
export class AuditAppendOnly1764160000000 implements MigrationInterface {
  name = 'AuditAppendOnly1764160000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(
      `CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse_change()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_entries_no_truncate ON audit_entries`);
    await q.query(`DROP TRIGGER audit_entries_no_update_delete ON audit_entries`);
    await q.query(`DROP FUNCTION audit_entries_refuse_change()`);
  }
}
