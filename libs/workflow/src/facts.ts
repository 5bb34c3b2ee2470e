/**
 * Facts read from the context that several rules share: the gates, the
 * claim checklists, the findings and the wave events ask them here, so each
 * has one definition.
 */
import type { OpportunityContext } from './context';
import type { Tranche, WaveKind } from './types';

/** The partner-funding tranche that pays for a wave of this kind: a cash tranche in either machine version. */
export function partnerTrancheFor(
  kind: WaveKind,
): Extract<Tranche, 'mobilize_partner_funding' | 'migrate_partner_funding'> {
  return kind === 'pilot' ? 'mobilize_partner_funding' : 'migrate_partner_funding';
}

/** True when the pilot wave has been migrated and validated. */
export function pilotValidated(ctx: OpportunityContext): boolean {
  return ctx.waves.some((w) => w.kind === 'pilot' && w.status === 'validated');
}
