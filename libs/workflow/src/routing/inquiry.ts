import { FUNDING_POLICY } from '../policy';
import { triage, type TriagePolicy, type TriageResult } from '../triage';
import { DAY_MS } from '../money';
import type { Profile } from '../types';
import { ROUTING_POLICY, type RoutingPolicy } from './policy';

/** Source platforms a partner migrates from and an inquiry names (design/routing.md). */
export const SOURCE_PLATFORMS = [
  'heroku',
  'azure',
  'gcp',
  'oracle',
  'onprem',
  'vmware',
  'sap',
  'kubernetes',
  'other',
] as const;
export type SourcePlatform = (typeof SOURCE_PLATFORMS)[number];

/** How each platform is written in words. */
export const PLATFORM_NAMES: Record<SourcePlatform, string> = {
  heroku: 'Heroku',
  azure: 'Azure',
  gcp: 'Google Cloud',
  oracle: 'Oracle',
  onprem: 'on-premises servers',
  vmware: 'VMware',
  sap: 'SAP',
  kubernetes: 'Kubernetes',
  other: 'other platforms',
};

/** What a company tells us in five minutes (design/routing.md "An inquiry's life"). */
export interface InquiryInput {
  companyName: string;
  contactEmail: string;
  /** ISO 3166 alpha-2. */
  customerCountry: string;
  sourcePlatform: SourcePlatform;
  /** The AWS region it would move to. */
  region: string;
  servers: number;
  databases: number;
  applications: number;
  currentMonthlySpendCents: number;
  /** The committed AWS run-rate after the move, when known. */
  projectedMonthlyAwsSpendCents?: number | null;
  greenfield: boolean;
  awsCompetitor?: boolean;
  notes?: string | null;
}

/** How an inquiry is routed once triaged: MAP (Advanced or Premier) or a referral (any tier); or not at all. */
export type Track = 'map' | 'referral';

/** An inquiry's triage: the opportunity triage's answer, with why, and the track it is routed on (null: closed). */
export interface InquiryTriage extends TriageResult {
  track: Track | null;
  /** The current spend stood in for the committed spend (none was given). */
  estimated: boolean;
}

const usd = (cents: number): string => `$${Math.round(cents / 100).toLocaleString('en-US')}`;

/** The opportunity profile an inquiry gives (the partner adds its services cost later). */
export function inquiryProfile(i: InquiryInput): Omit<Profile, 'migrationServicesCostCents'> {
  return {
    sourcePlatform: i.sourcePlatform,
    region: i.region,
    customerCountry: i.customerCountry,
    servers: i.servers,
    databases: i.databases,
    applications: i.applications,
    currentMonthlySpendCents: i.currentMonthlySpendCents,
    projectedMonthlyAwsSpendCents: i.projectedMonthlyAwsSpendCents ?? i.currentMonthlySpendCents,
    greenfield: i.greenfield,
    awsCompetitor: i.awsCompetitor ?? false,
  };
}

/**
 * Step 0 for an inquiry: the opportunity triage on its profile; with no
 * committed spend given, the current monthly spend is the estimate, and the
 * reasons say so. The services cost is not needed. MAP is routed to Advanced
 * or Premier partners; a referral or a new build (Activate) to any tier; an
 * ineligible inquiry is closed.
 */
export function triageInquiry(i: InquiryInput, policy: TriagePolicy = FUNDING_POLICY): InquiryTriage {
  const estimated = i.projectedMonthlyAwsSpendCents === undefined || i.projectedMonthlyAwsSpendCents === null;
  const result = triage({ ...inquiryProfile(i), migrationServicesCostCents: 0 }, policy);
  const reasons =
    estimated && result.program !== 'INELIGIBLE'
      ? [
          `No committed AWS spend was given, so today's ${usd(i.currentMonthlySpendCents)}/month stands in as the estimate.`,
          ...result.reasons,
        ]
      : result.reasons;
  const track: Track | null = result.program === 'MAP' ? 'map' : result.program === 'INELIGIBLE' ? null : 'referral';
  return { ...result, reasons, track, estimated };
}

/** A company name as repeats are compared: letters and digits only, lower case. */
export function companyKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Whether `later` repeats `earlier`: the same company and e-mail within the repeat window. */
export function isRepeatInquiry(
  earlier: { companyName: string; contactEmail: string; receivedAt: string },
  later: { companyName: string; contactEmail: string; receivedAt: string },
  policy: Pick<RoutingPolicy, 'repeatWindowDays'> = ROUTING_POLICY,
): boolean {
  const gap = Date.parse(later.receivedAt) - Date.parse(earlier.receivedAt);
  return (
    companyKey(earlier.companyName) === companyKey(later.companyName) &&
    earlier.contactEmail.trim().toLowerCase() === later.contactEmail.trim().toLowerCase() &&
    gap >= 0 &&
    gap <= policy.repeatWindowDays.value * DAY_MS
  );
}
