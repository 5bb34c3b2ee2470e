/**
 * MAP tagging: the signed MAP agreement records the tag scheme and its ID
 * (MPE or PRM), which every migrated application's tag value must carry
 * (checked when waves are planned, concepts/waves.ts). Schemes are data in tagging.ts.
 */
import { domainAction } from '../actions';
import { OK, defineEvent, invalid, rule, type Ev } from '../definition';
import { isIsoDate } from '../money';
import { isTagScheme, isValidMapId, mapIdRule } from '../tagging';
import type { TagSchemeId } from '../types';

export type RecordMapAgreementEvent = Ev<
  'RECORD_MAP_AGREEMENT',
  { tagScheme: TagSchemeId; mpeId: string; signedOn: string }
>;

export type TagsEvent = RecordMapAgreementEvent;

export const TAGS_EVENTS = {
  RECORD_MAP_AGREEMENT: defineEvent<RecordMapAgreementEvent>({
    phases: ['assess'],
    senders: ['partner'],
    check(_ctx, e, { policy }) {
      if (!isTagScheme(e.tagScheme)) return rule(`Unknown tag scheme ${e.tagScheme}.`);
      if (!isValidMapId(e.tagScheme, e.mpeId, policy.tagSchemes)) {
        return invalid([
          { field: 'mpeId', message: `${mapIdRule(e.tagScheme, policy.tagSchemes)}; ${e.mpeId} is not one` },
        ]);
      }
      return isIsoDate(e.signedOn) ? OK : rule('signedOn must be a date (YYYY-MM-DD).');
    },
    apply: (ctx, e) => ({
      ...ctx,
      mapAgreement: { tagScheme: e.tagScheme, mpeId: e.mpeId, signedOn: e.signedOn, recordedAt: e.at },
    }),
    emit: (_before, _after, e) => [domainAction('mapAgreementRecorded', { tagScheme: e.tagScheme, mpeId: e.mpeId })],
  }),
};
