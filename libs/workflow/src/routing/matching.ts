import type { PartnerTier } from '../types';
import { PLATFORM_NAMES, type SourcePlatform, type Track } from './inquiry';
import { ROUTING_POLICY, type RoutingPolicy } from './policy';

/** A partner's profile, kept by ops (design/routing.md "Partner profiles"). */
export interface PartnerProfile {
  platforms: readonly SourcePlatform[];
  /** AWS regions it delivers in; the first is its main one. */
  regions: readonly string[];
  /** ISO 3166 alpha-2 codes of the customers' countries it serves. */
  countries: readonly string[];
  migrationCompetency: boolean;
  /** The most open opportunities it takes at once. */
  capacity: number;
  takingWork: boolean;
}

/** A partner's MAP track record, computed from mapflow's own data, never typed in. */
export interface TrackRecord {
  closedMapOpportunities: number;
  paidClaims: number;
  /** Its opportunities (any phase) migrating from each platform. */
  byPlatform: Partial<Record<SourcePlatform, number>>;
  /** Median hours from an offer to its answer (a lapse counts as its whole window), null before its first. */
  medianResponseHours: number | null;
}

/** A partner as matching reads it. */
export interface PartnerForMatching {
  orgId: string;
  name: string;
  tier: PartnerTier;
  /** Null when ops has not written one: never offered. */
  profile: PartnerProfile | null;
  openOpportunities: number;
  record: TrackRecord;
}

/** What matching needs of an inquiry. */
export interface InquiryForMatching {
  sourcePlatform: SourcePlatform;
  region: string;
  customerCountry: string;
  track: Track;
}

/** An eligible partner, its score and why. */
export interface Candidate {
  orgId: string;
  name: string;
  tier: PartnerTier;
  score: number;
  reasons: string[];
}

/** A partner that cannot take the inquiry, and why. */
export interface Exclusion {
  orgId: string;
  name: string;
  reasons: string[];
}

const TIER_RANK: Record<PartnerTier, number> = { premier: 3, advanced: 2, select: 1 };
const TIER_NAMES: Record<PartnerTier, string> = { premier: 'Premier', advanced: 'Advanced', select: 'Select' };

/**
 * Why `p` may not take the inquiry (empty when it may): it has a profile and
 * takes work; MAP needs an Advanced or Premier partner (a referral any tier);
 * it migrates from the platform, delivers in the region and serves the
 * customer's country; it has capacity left; it was not offered this inquiry
 * before (`offered`).
 */
export function ineligibility(
  i: InquiryForMatching,
  p: PartnerForMatching,
  offered: ReadonlySet<string> = new Set(),
  policy: Pick<RoutingPolicy, 'mapTiers'> = ROUTING_POLICY,
): string[] {
  if (offered.has(p.orgId)) return ['was offered this inquiry already'];
  const profile = p.profile;
  if (profile === null) return ['has no partner profile yet'];
  const out: string[] = [];
  if (!profile.takingWork) out.push('is not taking new work');
  if (i.track === 'map' && !policy.mapTiers.value.includes(p.tier))
    out.push(`is a ${TIER_NAMES[p.tier]} partner, and MAP needs an Advanced or Premier one`);
  if (!profile.platforms.includes(i.sourcePlatform))
    out.push(`does not migrate from ${PLATFORM_NAMES[i.sourcePlatform]}`);
  if (!profile.regions.includes(i.region)) out.push(`does not deliver in ${i.region}`);
  if (!profile.countries.includes(i.customerCountry)) out.push(`does not serve customers in ${i.customerCountry}`);
  if (p.openOpportunities >= profile.capacity)
    out.push(`is at capacity (${p.openOpportunities} of ${profile.capacity} opportunities open)`);
  return out;
}

/**
 * The score of an eligible partner, out of 110, and its reasons in words:
 * - platform fit, up to 40: 20 for migrating from the platform, 5 for each of
 *   its opportunities from it in mapflow, up to 20 more;
 * - MAP track record, up to 25: 4 for each closed MAP opportunity (up to 20),
 *   1 for each paid claim (up to 5);
 * - region, up to 10: 10 when the region is its main one, 5 otherwise;
 * - current load, up to 15: 15 times the share of its capacity left;
 * - the AWS Migration Competency: 10;
 * - past response time, up to 10: 10 within an hour (median), 5 within the
 *   offer's 4 hours or before its first answer, 0 slower.
 */
export function score(
  i: InquiryForMatching,
  p: PartnerForMatching & { profile: PartnerProfile },
  policy: Pick<RoutingPolicy, 'offerHours'> = ROUTING_POLICY,
): { score: number; reasons: string[] } {
  const platform = PLATFORM_NAMES[i.sourcePlatform];
  const onPlatform = p.record.byPlatform[i.sourcePlatform] ?? 0;
  const reasons: string[] = [];
  let total = 20 + Math.min(20, 5 * onPlatform);
  reasons.push(
    onPlatform > 0
      ? `migrates from ${platform}, with ${onPlatform} ${platform} ${onPlatform === 1 ? 'opportunity' : 'opportunities'} in mapflow`
      : `migrates from ${platform} (no ${platform} opportunity in mapflow yet)`,
  );
  total += Math.min(20, 4 * p.record.closedMapOpportunities) + Math.min(5, p.record.paidClaims);
  reasons.push(
    `${TIER_NAMES[p.tier]} partner; ${p.record.closedMapOpportunities} MAP ${p.record.closedMapOpportunities === 1 ? 'opportunity' : 'opportunities'} closed, ${p.record.paidClaims} ${p.record.paidClaims === 1 ? 'claim' : 'claims'} paid`,
  );
  const main = p.profile.regions[0] === i.region;
  total += main ? 10 : 5;
  reasons.push(main ? `${i.region} is its main region` : `delivers in ${i.region}`);
  const left = p.profile.capacity - p.openOpportunities;
  total += 15 * (left / p.profile.capacity);
  reasons.push(`room for ${left} more (${p.openOpportunities} of ${p.profile.capacity} open)`);
  if (p.profile.migrationCompetency) {
    total += 10;
    reasons.push('holds the AWS Migration Competency');
  }
  const hours = p.record.medianResponseHours;
  total += hours === null ? 5 : hours <= 1 ? 10 : hours <= policy.offerHours.value ? 5 : 0;
  reasons.push(
    hours === null ? 'no offer answered yet' : `answers offers in ${Math.round(hours * 10) / 10} hours (median)`,
  );
  return { score: Math.round(total * 10) / 10, reasons };
}

/**
 * The partners for an inquiry (design/routing.md "Matching"): the eligible
 * ones ranked by {@link score}, ties broken by tier, then by the lighter load,
 * then by org id (so the same data always ranks the same), the top
 * `policy.candidates`; and every other partner with why it is not a candidate.
 */
export function matchPartners(
  i: InquiryForMatching,
  partners: readonly PartnerForMatching[],
  offered: ReadonlySet<string> = new Set(),
  policy: RoutingPolicy = ROUTING_POLICY,
): { candidates: Candidate[]; excluded: Exclusion[] } {
  const eligible: (Candidate & { open: number })[] = [];
  const excluded: Exclusion[] = [];
  for (const p of partners) {
    const why = ineligibility(i, p, offered, policy);
    if (why.length > 0 || p.profile === null) {
      excluded.push({ orgId: p.orgId, name: p.name, reasons: why });
      continue;
    }
    const { score: s, reasons } = score(i, { ...p, profile: p.profile }, policy);
    eligible.push({ orgId: p.orgId, name: p.name, tier: p.tier, score: s, reasons, open: p.openOpportunities });
  }
  eligible.sort(
    (a, b) =>
      b.score - a.score || TIER_RANK[b.tier] - TIER_RANK[a.tier] || a.open - b.open || a.orgId.localeCompare(b.orgId),
  );
  const ranked = eligible.map(({ open: _open, ...c }) => c);
  excluded.sort((a, b) => a.orgId.localeCompare(b.orgId));
  return { candidates: ranked.slice(0, policy.candidates.value), excluded };
}
