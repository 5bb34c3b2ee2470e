import type { Figure } from '../policy';
import type { PartnerTier } from '../types';

/** The figures routing runs by (design/routing.md), each with where it comes from. */
export interface RoutingPolicy {
  /** How long a partner has to accept or decline an offer. */
  offerHours: Figure<number>;
  /** The target from inquiry to an accepting partner. */
  slaHours: Figure<number>;
  /** A second inquiry of the same company and e-mail this soon is merged into the first. */
  repeatWindowDays: Figure<number>;
  /** Candidates shown with their reasons. */
  candidates: Figure<number>;
  /** The tiers MAP needs (a referral takes any tier). */
  mapTiers: Figure<readonly PartnerTier[]>;
}

export const ROUTING_POLICY: RoutingPolicy = {
  offerHours: { value: 4, source: 'design/routing.md: an offer is accepted or declined within 4 hours' },
  slaHours: { value: 24, source: 'seed §Step 1: routed to a vetted partner in under 24 hours' },
  repeatWindowDays: { value: 30, source: 'design/routing.md: same company and e-mail within 30 days' },
  candidates: { value: 3, source: 'design/routing.md: the top three, each with its reasons' },
  mapTiers: { value: ['advanced', 'premier'], source: 'design/routing.md: Advanced or Premier for MAP' },
};
