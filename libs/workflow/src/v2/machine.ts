/**
 * The MAP opportunity machine, version 2 (design/funding-v2.md): built by
 * the same machine builder as version 1 (machine-builder.ts), from version
 * 2's catalog (v2/catalog.ts) and policy 2027.1. Its states are version 1's;
 * what changed is which events each phase accepts and their rules.
 */
import type { CreateOpportunityInput } from '../context';
import { initialContext } from '../machine';
import { buildMachine } from '../machine-builder';
import { CATALOG_2 } from './catalog';
import { MACHINE_VERSION_2, type OpportunityContext2 } from './context';
import type { OpportunityEvent2 } from './events';
import { FUNDING_POLICY_2027, type FundingPolicy2027 } from './policy';

/** The context of a new version-2 opportunity: version 1's, with version 2's ledgers empty. */
export function initialContext2(input: CreateOpportunityInput | undefined): OpportunityContext2 {
  const v1 = initialContext(input);
  return {
    ...v1,
    machineVersion: MACHINE_VERSION_2,
    policyId: FUNDING_POLICY_2027.id,
    waves: [],
    fundRequests: [],
    credits: [],
    ace: null,
    aceSubmissionRequestedAt: null,
    planTermination: null,
  };
}

/** The opportunity machine v2 (same contract as version 1's, over version 2's events and context). */
export const opportunityMachine2 = buildMachine<
  OpportunityContext2,
  OpportunityEvent2,
  FundingPolicy2027,
  CreateOpportunityInput
>({
  version: MACHINE_VERSION_2,
  catalog: CATALOG_2,
  policy: FUNDING_POLICY_2027,
  initialContext: initialContext2,
  created: (context) => [{ type: 'opportunityCreated', opportunityId: context.opportunityId, title: context.title }],
});
