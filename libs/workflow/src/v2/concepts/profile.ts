/**
 * Version 2's profile: version 1's triage fields, checked by version 1's
 * rules, and the optional fields ACE needs (`customerWebsite`, `industry`
 * from ACE's enum, `customerAddress`), which are not part of
 * `profile_complete`. While ACE reviews the opportunity, the edit lock
 * (ace.ts) holds.
 */
import { PROFILE_EVENTS } from '../../concepts/profile';
import { OK, defineEvent, rule, type Check, type Ev, type StepArgs } from '../../definition';
import { isText } from '../../money';
import { COUNTRY_CODE } from '../../triage';
import type { AceProfileFields, OpportunityContext2, Profile2 } from '../context';
import { contextAsV1, policyAsV1 } from '../kept';
import type { FundingPolicy2027 } from '../policy';
import { aceEditLock } from './ace';

export type UpdateProfileEvent2 = Ev<'UPDATE_PROFILE', { profile: Partial<Profile2> }>;

/** ACE's `Industry` values (Partner Central Selling API, `Account.Industry`), exactly. */
export const ACE_INDUSTRIES = [
  'Aerospace',
  'Agriculture',
  'Automotive',
  'Computers and Electronics',
  'Consumer Goods',
  'Education',
  'Energy - Oil and Gas',
  'Energy - Power and Utilities',
  'Financial Services',
  'Gaming',
  'Government',
  'Healthcare',
  'Hospitality',
  'Life Sciences',
  'Manufacturing',
  'Marketing and Advertising',
  'Media and Entertainment',
  'Mining',
  'Non-Profit Organization',
  'Professional Services',
  'Real Estate and Construction',
  'Retail',
  'Software and Internet',
  'Telecommunications',
  'Transportation and Logistics',
  'Travel',
  'Wholesale and Distribution',
  'Other',
] as const;

const ACE_FIELDS: readonly (keyof AceProfileFields)[] = ['customerWebsite', 'industry', 'customerAddress'];

function isAceField(k: string): k is keyof AceProfileFields {
  return (ACE_FIELDS as readonly string[]).includes(k);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Problems with the ACE fields of a profile patch, in words. */
export function aceFieldErrors(patch: Partial<AceProfileFields>): string[] {
  const errors: string[] = [];
  if (
    'customerWebsite' in patch &&
    !(isText(patch.customerWebsite) && /^https?:\/\/\S+$/.test(patch.customerWebsite))
  ) {
    errors.push('customerWebsite must be an http(s) address');
  }
  if ('industry' in patch && !(ACE_INDUSTRIES as readonly unknown[]).includes(patch.industry)) {
    errors.push(`industry must be one of ACE's industries (${ACE_INDUSTRIES.join(', ')})`);
  }
  if ('customerAddress' in patch) {
    const a: unknown = patch.customerAddress;
    const ok =
      isRecord(a) &&
      isText(a.city) &&
      isText(a.postalCode) &&
      (a.stateOrRegion === undefined || isText(a.stateOrRegion)) &&
      typeof a.countryCode === 'string' &&
      COUNTRY_CODE.test(a.countryCode);
    if (!ok)
      errors.push(
        'customerAddress needs city, postalCode and an ISO 3166 alpha-2 countryCode (stateOrRegion optional)',
      );
  }
  return errors;
}

/** The patch split into version 1's triage fields and the ACE fields. */
function split(patch: Partial<Profile2>): { triage: Record<string, unknown>; ace: Partial<AceProfileFields> } {
  const triage: Record<string, unknown> = {};
  const ace: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) (isAceField(k) ? ace : triage)[k] = v;
  return { triage, ace };
}

function checkUpdate(ctx: OpportunityContext2, e: UpdateProfileEvent2, args: StepArgs<FundingPolicy2027>): Check {
  const lock = aceEditLock(ctx, e);
  if (!lock.ok) return lock;
  const { triage, ace } = split(e.profile);
  const aceErrors = aceFieldErrors(ace);
  if (Object.keys(triage).length === 0) {
    if (Object.keys(ace).length === 0) return rule('The profile update is empty.');
    return aceErrors.length === 0 ? OK : rule(`Invalid profile: ${aceErrors.join('; ')}.`);
  }
  const v1 = PROFILE_EVENTS.UPDATE_PROFILE.check(
    contextAsV1(ctx).view,
    { ...e, profile: triage },
    { phase: args.phase, policy: policyAsV1(args.policy) },
  );
  if (!v1.ok)
    return aceErrors.length === 0 || v1.code !== 'RULE' ? v1 : rule(`${v1.detail} Also: ${aceErrors.join('; ')}.`);
  return aceErrors.length === 0 ? OK : rule(`Invalid profile: ${aceErrors.join('; ')}.`);
}

export const PROFILE_EVENTS_2 = {
  UPDATE_PROFILE: defineEvent<UpdateProfileEvent2, OpportunityContext2, FundingPolicy2027>({
    phases: PROFILE_EVENTS.UPDATE_PROFILE.phases,
    senders: PROFILE_EVENTS.UPDATE_PROFILE.senders,
    check: checkUpdate,
    apply: (ctx, e) => ({ ...ctx, profile: { ...ctx.profile, ...e.profile } }),
  }),
};
