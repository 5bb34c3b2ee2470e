/**
 * Moving a version-1 opportunity to version 2 (design/funding-v2.md,
 * "Versions side by side"): a pure function of the version-1 context,
 * allowed only where nothing is lost. The service records the move as the
 * audit entry `MACHINE_MIGRATED { from: "1", to: "2" }`, and replay runs it
 * between the version-1 and the version-2 entries.
 */
import type { Claim, FundRequest, OpportunityContext } from '../context';
import { isOpenPhase, type Phase, type Tranche } from '../types';
import type { Claim2, FundRequest2, OpportunityContext2 } from './context';
import { MACHINE_VERSION_2 } from './context';
import { CASH_TRANCHES, FUNDING_POLICY_2027, type CashTranche, type FundingPolicy2027 } from './policy';

/** The phases from which an opportunity may move to version 2. */
export const MIGRATABLE_PHASES: readonly Phase[] = ['intake', 'assess'];

export type Migration = { ok: true; context: OpportunityContext2 } | { ok: false; reasons: string[] };

function isCashTranche(t: Tranche): t is CashTranche {
  return (CASH_TRANCHES as readonly string[]).includes(t);
}

/**
 * Why `phase` and `ctx` cannot move to version 2 without losing something,
 * in words; empty when they can.
 */
export function migrationProblems(ctx: OpportunityContext, phase: Phase): string[] {
  const problems: string[] = [];
  if (ctx.machineVersion !== '1') problems.push(`It runs machine version ${ctx.machineVersion}, not 1.`);
  if (!isOpenPhase(phase) || !MIGRATABLE_PHASES.includes(phase)) {
    problems.push(
      `Only an opportunity in intake or assess moves to version 2; this one is ${phase} and finishes on version 1.`,
    );
  }
  for (const fr of ctx.fundRequests) {
    if (!isCashTranche(fr.tranche)) {
      problems.push(
        `Its ${fr.tranche} request was filed as a fund request, which version 2 keeps as the customer's credits ledger instead; it finishes on version 1.`,
      );
    }
  }
  return problems;
}

function claim2(c: Claim): Claim2 {
  // Version 1 did not type evidence or record invoices: the evidence is kept, as `other`.
  return {
    ...c,
    evidence: c.evidence.map((e) => ({ kind: 'other', uri: e.uri, sha256: e.sha256 })),
    invoiceReference: null,
  };
}

function request2(fr: FundRequest, tranche: CashTranche): FundRequest2 {
  return {
    requestId: `${tranche}-1`,
    tranche,
    name: fr.name,
    stage: fr.stage,
    stageHistory: fr.stageHistory.map((h) => ({ ...h })),
    projectStartDate: null,
    projectEndDate: fr.projectEndDate,
    claimDueDate: fr.claimDueDate,
    requestedCents: fr.amountCents,
    preApprovedCents: null,
    awsFundRequestId: null,
    purchaseOrder: null,
    workloads: [...fr.workloads],
    rejections: [],
    filedAt: fr.filedAt,
    filedBy: fr.filedBy,
    // A request keeps the policy it was filed and sized under.
    policyId: fr.policyId,
    envelopeCents: fr.envelopeCents,
    likelyDowngrade: fr.likelyDowngrade,
    overByCents: fr.overByCents,
    claims: fr.claims.map(claim2),
  };
}

/**
 * The version-2 context of a version-1 opportunity in `phase`, or the
 * reasons it cannot move. Everything version 1 recorded is kept; what
 * version 2 adds starts empty (no credits, no ACE opportunity, no tags
 * recorded as applied, no plan termination). New filings follow `policy`.
 */
export function migrateToV2(
  ctx: OpportunityContext,
  phase: Phase,
  policy: FundingPolicy2027 = FUNDING_POLICY_2027,
): Migration {
  const reasons = migrationProblems(ctx, phase);
  if (reasons.length > 0) return { ok: false, reasons };
  const fundRequests = ctx.fundRequests.flatMap((fr) => (isCashTranche(fr.tranche) ? [request2(fr, fr.tranche)] : []));
  return {
    ok: true,
    context: {
      ...ctx,
      machineVersion: MACHINE_VERSION_2,
      policyId: policy.id,
      waves: ctx.waves.map((w) => ({ ...w, tagsApplied: null })),
      fundRequests,
      credits: [],
      ace: null,
      aceSubmissionRequestedAt: null,
      planTermination: null,
    },
  };
}
