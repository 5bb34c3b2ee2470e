/**
 * Version 2's waves: version 1's life of a wave (concepts/waves.ts), planned
 * under version 2's tag schemes, and cut over only once its tags are recorded
 * as applied (tags-applied.ts): credits accrue only on spend tagged after.
 */
import { WAVE_EVENTS } from '../../concepts/waves';
import { keep } from '../kept';
import { tagsNotAppliedRule } from './tags-applied';

export const WAVE_EVENTS_2 = {
  PLAN_WAVE: keep(WAVE_EVENTS.PLAN_WAVE),
  REQUEST_WAVE_DECISION: keep(WAVE_EVENTS.REQUEST_WAVE_DECISION),
  DECIDE_WAVE: keep(WAVE_EVENTS.DECIDE_WAVE),
  START_WAVE: keep(WAVE_EVENTS.START_WAVE),
  CUT_OVER_WAVE: keep(WAVE_EVENTS.CUT_OVER_WAVE, { check: (ctx, e) => tagsNotAppliedRule(ctx, e.waveId) }),
  VALIDATE_WAVE: keep(WAVE_EVENTS.VALIDATE_WAVE),
  ROLL_BACK_WAVE: keep(WAVE_EVENTS.ROLL_BACK_WAVE),
  CANCEL_WAVE: keep(WAVE_EVENTS.CANCEL_WAVE),
};
