/**
 * The ACE opportunity, as data (design/funding-v2.md): what Partner Central
 * shows, recorded by the partner or by the ACE sync (the `system` actor), with
 * ACE's exact enums; the request to submit; and the edit lock that holds while
 * ACE reviews: under `Submitted` or `In review`, UPDATE_PROFILE and
 * ATTEST_MAP_RECORD are refused (they change what ACE is reviewing); under
 * `Action Required`, only the profile's ACE-editable fields may change. The
 * lifecycle otherwise goes on while AWS reviews.
 */
import { domainAction } from '../../actions';
import { OK, defineEvent, rule, type Check, type Ev } from '../../definition';
import { isIsoTimestamp, isText, toMs } from '../../money';
import {
  ACE_REVIEW_STATUSES,
  ACE_STAGES,
  type AceProfileFields,
  type AceReviewStatus,
  type AceStage,
  type OpportunityContext2,
  type Profile2,
} from '../context';
import type { FundingPolicy2027 } from '../policy';

export type RecordAceOpportunityEvent = Ev<
  'RECORD_ACE_OPPORTUNITY',
  { aceOpportunityId: string; stage: AceStage; reviewStatus: AceReviewStatus; lastModifiedDate: string }
>;
export type SubmitToAceEvent = Ev<'SUBMIT_TO_ACE'>;

export type AceEvent = RecordAceOpportunityEvent | SubmitToAceEvent;

/** ACE opportunity identifiers: `O` followed by 1 to 19 digits. */
export const ACE_OPPORTUNITY_ID = /^O\d{1,19}$/;

/** What may change under `Action Required`: the address, the website and the committed spend. */
export const ACE_EDITABLE_PROFILE_FIELDS: readonly (keyof Profile2)[] = [
  'customerAddress',
  'customerWebsite',
  'projectedMonthlyAwsSpendCents',
];

const UNDER_REVIEW: readonly AceReviewStatus[] = ['Submitted', 'In review'];

/** The profile's ACE fields that are not filled, by name (empty: SUBMIT_TO_ACE may be sent). */
export function aceFieldsMissing(profile: Partial<Profile2>): string[] {
  const missing: string[] = [];
  if (!isText(profile.customerWebsite)) missing.push('customerWebsite');
  if (!isText(profile.industry)) missing.push('industry');
  const a: Partial<AceProfileFields['customerAddress']> = profile.customerAddress ?? {};
  for (const k of ['city', 'postalCode', 'countryCode'] as const) {
    if (!isText(a[k])) missing.push(`customerAddress.${k}`);
  }
  return missing;
}

/** The edit lock of an event while ACE reviews (see the module comment). */
export function aceEditLock(ctx: OpportunityContext2, event: { type: string; profile?: object }): Check {
  const ace = ctx.ace;
  if (ace === null || (event.type !== 'UPDATE_PROFILE' && event.type !== 'ATTEST_MAP_RECORD')) return OK;
  if (UNDER_REVIEW.includes(ace.reviewStatus)) {
    return rule(
      `ACE opportunity ${ace.aceOpportunityId} is ${ace.reviewStatus}: ${event.type} would change what AWS is reviewing. Wait for the review.`,
    );
  }
  if (ace.reviewStatus === 'Action Required' && event.type === 'UPDATE_PROFILE') {
    const locked = Object.keys(event.profile ?? {}).filter(
      (k) => !(ACE_EDITABLE_PROFILE_FIELDS as readonly string[]).includes(k),
    );
    if (locked.length > 0) {
      return rule(
        `ACE opportunity ${ace.aceOpportunityId} is Action Required: only ${ACE_EDITABLE_PROFILE_FIELDS.join(', ')} may change; not ${locked.join(', ')}.`,
      );
    }
  }
  return OK;
}

export const ACE_EVENTS = {
  RECORD_ACE_OPPORTUNITY: defineEvent<RecordAceOpportunityEvent, OpportunityContext2, FundingPolicy2027>({
    phases: ['intake', 'assess', 'mobilize', 'migrate', 'closeout'],
    senders: ['partner', 'system'],
    check(ctx, e) {
      if (typeof e.aceOpportunityId !== 'string' || !ACE_OPPORTUNITY_ID.test(e.aceOpportunityId)) {
        return rule('aceOpportunityId is O followed by 1 to 19 digits, as Partner Central shows it.');
      }
      if (!(ACE_STAGES as readonly string[]).includes(e.stage))
        return rule(`stage must be one of ${ACE_STAGES.join(', ')}.`);
      if (!(ACE_REVIEW_STATUSES as readonly string[]).includes(e.reviewStatus)) {
        return rule(`reviewStatus must be one of ${ACE_REVIEW_STATUSES.join(', ')}.`);
      }
      if (!isIsoTimestamp(e.lastModifiedDate)) return rule('lastModifiedDate must be an ISO timestamp.');
      const ace = ctx.ace;
      if (ace !== null && ace.aceOpportunityId !== e.aceOpportunityId) {
        return rule(
          `This opportunity is linked to ACE opportunity ${ace.aceOpportunityId}, not ${e.aceOpportunityId}.`,
        );
      }
      if (ace !== null && toMs(e.lastModifiedDate) < toMs(ace.lastModifiedDate)) {
        return rule(
          `Stale: ACE's record was last modified ${ace.lastModifiedDate}; this one is from ${e.lastModifiedDate}.`,
        );
      }
      return OK;
    },
    apply: (ctx, e) => ({
      ...ctx,
      ace: {
        aceOpportunityId: e.aceOpportunityId,
        stage: e.stage,
        reviewStatus: e.reviewStatus,
        lastModifiedDate: e.lastModifiedDate,
        recordedAt: e.at,
      },
    }),
    emit: (_before, _after, e) => [
      domainAction('aceOpportunityRecorded', {
        aceOpportunityId: e.aceOpportunityId,
        stage: e.stage,
        reviewStatus: e.reviewStatus,
      }),
    ],
  }),
  SUBMIT_TO_ACE: defineEvent<SubmitToAceEvent, OpportunityContext2, FundingPolicy2027>({
    phases: ['intake', 'assess', 'mobilize', 'migrate'],
    senders: ['partner'],
    check(ctx) {
      const missing = aceFieldsMissing(ctx.profile);
      if (missing.length > 0) return rule(`ACE needs the profile's ${missing.join(', ')} before submission.`);
      const ace = ctx.ace;
      if (ace !== null && UNDER_REVIEW.includes(ace.reviewStatus)) {
        return rule(`ACE opportunity ${ace.aceOpportunityId} is already ${ace.reviewStatus}.`);
      }
      return OK;
    },
    apply: (ctx, e) => ({ ...ctx, aceSubmissionRequestedAt: e.at }),
    emit: () => [domainAction('aceSubmissionRequested')],
  }),
};
