/**
 * Tags, actually applied (design/funding-v2.md): the partner records when a
 * wave's MAP tags went on, with the coverage evidence, before the wave is cut
 * over. Credits accrue only on spend tagged after that moment.
 */
import { domainAction } from '../../actions';
import { isEvidence } from '../../checklists';
import { OK, defineEvent, rule, type Check, type Ev } from '../../definition';
import { isIsoTimestamp, toMs } from '../../money';
import type { Evidence, WaveStatus } from '../../types';
import type { OpportunityContext2 } from '../context';
import type { FundingPolicy2027 } from '../policy';

export type RecordTagsAppliedEvent = Ev<
  'RECORD_TAGS_APPLIED',
  { waveId: string; appliedAt: string; coverageEvidence: Evidence }
>;

/** A wave past these can no longer have its tags recorded as applied before cut-over. */
const TAGGABLE: readonly WaveStatus[] = ['planned', 'awaiting_decision', 'go', 'no_go', 'in_progress'];

/** Refused while the wave's tags are not recorded as applied: a cut-over without them accrues no credits. */
export function tagsNotAppliedRule(ctx: Pick<OpportunityContext2, 'waves'>, waveId: string): Check {
  const wave = ctx.waves.find((w) => w.waveId === waveId);
  if (wave === undefined || wave.tagsApplied !== null) return OK;
  return rule(
    `Record the MAP tags of wave ${waveId} as applied (RECORD_TAGS_APPLIED) before its cut-over: credits accrue only on spend tagged after the tags go on.`,
  );
}

export const TAGS_APPLIED_EVENTS = {
  RECORD_TAGS_APPLIED: defineEvent<RecordTagsAppliedEvent, OpportunityContext2, FundingPolicy2027>({
    phases: ['mobilize', 'migrate'],
    senders: ['partner'],
    check(ctx, e) {
      const wave = ctx.waves.find((w) => w.waveId === e.waveId);
      if (wave === undefined) return rule(`There is no wave ${e.waveId}.`);
      if (!TAGGABLE.includes(wave.status)) {
        return rule(`Wave ${e.waveId} is ${wave.status}; tags are recorded as applied before the cut-over.`);
      }
      if (!isIsoTimestamp(e.appliedAt) || toMs(e.appliedAt) > toMs(e.at)) {
        return rule('appliedAt must be an ISO timestamp, not after now: when the tags went on.');
      }
      return isEvidence(e.coverageEvidence)
        ? OK
        : rule('The tag coverage evidence is { uri, sha256 } with a 64-hex SHA-256.');
    },
    apply: (ctx, e) => ({
      ...ctx,
      waves: ctx.waves.map((w) =>
        w.waveId === e.waveId
          ? {
              ...w,
              tagsApplied: {
                appliedAt: e.appliedAt,
                coverageEvidence: { uri: e.coverageEvidence.uri, sha256: e.coverageEvidence.sha256 },
                recordedAt: e.at,
              },
            }
          : w,
      ),
    }),
    emit: (_before, _after, e) => [domainAction('tagsApplied', { waveId: e.waveId, appliedAt: e.appliedAt })],
  }),
};
