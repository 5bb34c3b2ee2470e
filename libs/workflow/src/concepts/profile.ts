/** Profile and triage: the facts step 0 triages on, updated by the partner before and during Assess. */
import { OK, defineEvent, rule, type Ev } from '../definition';
import { profilePatchErrors } from '../triage';
import type { Profile } from '../types';

export type UpdateProfileEvent = Ev<'UPDATE_PROFILE', { profile: Partial<Profile> }>;

export type ProfileEvent = UpdateProfileEvent;

export const PROFILE_EVENTS = {
  UPDATE_PROFILE: defineEvent<UpdateProfileEvent>({
    phases: ['intake', 'assess'],
    senders: ['partner'],
    check(_ctx, e) {
      const errors = profilePatchErrors(e.profile);
      if (Object.keys(e.profile).length === 0) return rule('The profile update is empty.');
      return errors.length === 0 ? OK : rule(`Invalid profile: ${errors.join('; ')}.`);
    },
    apply: (ctx, e) => ({ ...ctx, profile: { ...ctx.profile, ...e.profile } }),
  }),
};
