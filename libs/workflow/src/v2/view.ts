/**
 * The read of a version-2 opportunity (design/funding-v2.md, "The read, for
 * version 2"): version 1's read of what did not change (the gate, the
 * checklist, the business case, the attestation, the clock), computed by
 * version 1's own `viewOpportunity` through the version-1 view of the
 * context (kept.ts), with version 2's funding, credits, ACE opportunity,
 * waves with their tags applied, and the triage on the actual run-rate.
 */
import type { OpportunityView } from '../view';
import { viewOpportunity } from '../view';
import type { OpportunityContext2, PlanTermination, Profile2, Wave2 } from './context';
import { contextAsV1, policyAsV1 } from './kept';
import type { PersistedOpportunity2 } from './engine';
import { FUNDING_POLICY_2027, type CashTranche, type FundingPolicy2027 } from './policy';
import {
  aceRead2,
  actualRunRateTriage2,
  creditsRead2,
  fundingRead2,
  fundRequestsRead2,
  type AceRead2,
  type ActualRunRateRead,
  type CashTrancheFunding,
  type CreditsRead2,
  type FundRequestRead2,
} from './read';

/** Whether an opportunity may move to version 2, and if not, why. */
export interface MigrationView {
  mayMigrate: boolean;
  reasons: string[];
}

export interface OpportunityView2 extends Omit<OpportunityView, 'profile' | 'waves' | 'fundRequests' | 'funding'> {
  machineVersion: '2';
  profile: Partial<Profile2>;
  waves: Wave2[];
  fundRequests: FundRequestRead2[];
  /** One entry per cash tranche. */
  funding: Record<CashTranche, CashTrancheFunding>;
  credits: CreditsRead2;
  ace: AceRead2 | null;
  planTermination: PlanTermination | null;
  /** Triage and envelopes re-run on the actual run-rate, once recorded. */
  actualRunRate: ActualRunRateRead | null;
  migration: MigrationView;
}

/** The read of a version-2 opportunity at `now`. */
export function viewOpportunity2(
  persisted: PersistedOpportunity2,
  now: string,
  policy: FundingPolicy2027 = FUNDING_POLICY_2027,
): OpportunityView2 {
  const ctx: OpportunityContext2 = persisted.context;
  const v1 = viewOpportunity({ ...persisted, context: contextAsV1(ctx).view }, now, policyAsV1(policy));
  return {
    ...v1,
    machineVersion: '2',
    profile: ctx.profile,
    waves: ctx.waves,
    fundRequests: fundRequestsRead2(ctx, now),
    funding: fundingRead2(ctx, now, policy),
    credits: creditsRead2(ctx, policy),
    ace: aceRead2(ctx),
    planTermination: ctx.planTermination,
    actualRunRate: actualRunRateTriage2(ctx, policy),
    migration: { mayMigrate: false, reasons: ['It runs machine version 2, the latest.'] },
  };
}
