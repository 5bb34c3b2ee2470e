import type { AnyOpportunityView } from '@mapflow/workflow';

/** A decision an opportunity's customer has to make now (design/web.md "Pages", design/events-out.md). */
export interface WaitingDecision {
  /** Names this decision and its asking: a wave re-planned and asked again is a new one. */
  key: string;
  kind: 'business case' | 'wave' | 'claim';
  /** When it started waiting. */
  since: string;
  /** What to do, in words. */
  what: string;
  /** Its page, under the opportunity's (`/app/opportunities/{id}/` + path). */
  path: string;
}

/** Phases where a customer has something to decide. */
export const DECIDING_PHASES: readonly string[] = ['assess', 'mobilize', 'migrate'];

/**
 * What waits for the customer on `o`: the business case to approve (once the
 * TCO model is done), each wave awaiting go / no-go, each claim prepared for
 * sign-off. The inbox lists them; the notifier mails them.
 */
export function decisionsWaiting(o: AnyOpportunityView): WaitingDecision[] {
  if (!DECIDING_PHASES.includes(o.phase)) return [];
  const out: WaitingDecision[] = [];
  const tco = o.checklist.find((c) => c.key === 'tco_model');
  if (o.phase === 'assess' && o.businessCase.status === 'pending' && tco?.done === true) {
    const since = tco.completedAt ?? o.lastEventAt;
    out.push({
      key: `business-case:${since}`,
      kind: 'business case',
      since,
      what: 'Approve the business case',
      path: 'business-case',
    });
  }
  for (const wave of o.waves) {
    if (wave.status !== 'awaiting_decision') continue;
    out.push({
      key: `wave:${wave.waveId}:${wave.plannedAt}`,
      kind: 'wave',
      since: wave.plannedAt,
      what: `Go / no-go: wave ${wave.name}`,
      path: `waves/${wave.waveId}`,
    });
  }
  for (const fr of o.fundRequests) {
    for (const claim of fr.claims) {
      if (claim.status !== 'prepared') continue;
      out.push({
        key: `claim:${fr.tranche}:${claim.claimId}:${claim.preparedAt}`,
        kind: 'claim',
        since: claim.preparedAt,
        what: `Sign off claim ${claim.claimId}`,
        path: `claims/${fr.tranche}/${claim.claimId}`,
      });
    }
  }
  return out;
}
