import { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizeWorkloadName } from '@mapflow/workflow';

/** The longest workload name the `funded_workloads` table holds. */
const MAX_NAME = 200;

/**
 * Workload names compare after normalisation (DESIGN.md section 2), so the
 * stacking projection `funded_workloads` holds normalised names: each stored
 * name is rewritten to its normal form (two names of one opportunity and
 * program that normalise alike become one row). A name that normalises to
 * nothing, or past 200 characters, is left as it is. The audit log is not
 * touched: recorded events replay as they were decided.
 */
export class WorkloadNames1764170001000 implements MigrationInterface {
  name = 'WorkloadNames1764170001000';

  public async up(q: QueryRunner): Promise<void> {
    const rows: { workload: string }[] = await q.query(`SELECT DISTINCT workload FROM "funded_workloads"`);
    const from: string[] = [];
    const to: string[] = [];
    for (const { workload } of rows) {
      const normal = normalizeWorkloadName(workload);
      if (normal !== workload && normal !== '' && [...normal].length <= MAX_NAME) {
        from.push(workload);
        to.push(normal);
      }
    }
    if (from.length === 0) return;
    await q.query(
      `INSERT INTO "funded_workloads" (opportunity_id, program, workload, customer_org_id)
       SELECT f.opportunity_id, f.program, m.normal, f.customer_org_id
         FROM "funded_workloads" f JOIN unnest($1::varchar[], $2::varchar[]) AS m(raw, normal) ON f.workload = m.raw
       ON CONFLICT DO NOTHING`,
      [from, to],
    );
    await q.query(`DELETE FROM "funded_workloads" WHERE workload = ANY($1::varchar[])`, [from]);
  }

  /** Normalisation forgets the spelling it replaced: down keeps the normal forms (they still name the workloads). */
  public async down(): Promise<void> {
    // Nothing to undo in the schema.
  }
}
