import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `opportunities.state` goes: in machine version 1 the state value is the
 * phase (`stateString` and `phaseOf` both read the snapshot's `value`), so the
 * column, its index and its filter repeated `phase`. Reads still report
 * `state`, from `stateString`. Up refuses a row whose state is not its phase
 * rather than lose it; down restores the column from `phase`, and its index.
 * Audit entries keep the `state` inside their jsonb: the chains are untouched.
 */
export class OpportunityState1764180000000 implements MigrationInterface {
  name = 'OpportunityState1764180000000';

  public async up(q: QueryRunner): Promise<void> {
    const differ: { n: number }[] = await q.query(
      `SELECT count(*)::int AS n FROM "opportunities" WHERE "state" IS DISTINCT FROM "phase"`,
    );
    const n = differ[0]?.n ?? 0;
    if (n > 0) {
      throw new Error(`${n} opportunities have a state other than their phase: not dropping the state column`);
    }
    await q.query(`DROP INDEX "opportunities_state_idx"`);
    await q.query(`ALTER TABLE "opportunities" DROP COLUMN "state"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "opportunities" ADD "state" character varying(120)`);
    await q.query(`UPDATE "opportunities" SET "state" = "phase"`);
    await q.query(`ALTER TABLE "opportunities" ALTER COLUMN "state" SET NOT NULL`);
    await q.query(`CREATE INDEX "opportunities_state_idx" ON "opportunities" ("state")`);
  }
}
