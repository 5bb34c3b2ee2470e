/**
 * The catalog builder serves any machine version: a toy version with its own
 * context, events and policy gets the same permission table, phase lists,
 * authorization and one-step semantics version 1 gets.
 */
import { initialTransition, transition } from 'xstate';
import { buildCatalog, type VersionContext } from '../src/catalog-builder';
import { defineEvent, OK, rule, type Ev } from '../src/definition';
import { buildMachine } from '../src/machine-builder';
import type { EventActor } from '../src/types';

interface ToyContext extends VersionContext {
  count: number;
}
interface ToyPolicy {
  fundingTiers: { value: readonly ('advanced' | 'premier')[] };
  step: number;
}
type Bump = Ev<'BUMP', { by: number }>;
type Claim = Ev<'CLAIM_MONEY'>;
type ToyEvent = Bump | Claim;

const POLICY: ToyPolicy = { fundingTiers: { value: ['advanced', 'premier'] }, step: 10 };

const toy = buildCatalog<ToyContext, ToyEvent, ToyPolicy>(
  {
    BUMP: defineEvent<Bump, ToyContext, ToyPolicy>({
      phases: ['intake', 'assess'],
      senders: ['partner', 'customer'],
      check: (_ctx, e) => (e.by > 0 ? OK : rule('Bump by a positive number.')),
      apply: (ctx, e, { policy }) => ({ ...ctx, count: ctx.count + e.by * policy.step }),
    }),
    CLAIM_MONEY: defineEvent<Claim, ToyContext, ToyPolicy>({
      phases: ['assess'],
      senders: ['partner'],
      fundingSubmission: true,
      check: () => OK,
      apply: (ctx) => ctx,
    }),
  },
  POLICY,
);

const ctx: ToyContext = {
  opportunityId: 'o',
  partnerOrgId: 'p',
  customerOrgId: 'c',
  seq: 4,
  lastEventAt: '2027-01-01T00:00:00.000Z',
  ending: null,
  count: 1,
};
const partner: EventActor = { userId: 'u', orgId: 'p', role: 'partner', tier: 'select' };
const at = '2027-01-02T00:00:00.000Z';

describe('buildCatalog, for a version other than 1', () => {
  it('lists its events, who may send them and where', () => {
    expect(toy.eventTypes).toEqual(['BUMP', 'CLAIM_MONEY']);
    expect(toy.permissions).toEqual({ BUMP: ['partner', 'customer'], CLAIM_MONEY: ['partner'] });
    expect(toy.eventsByPhase.intake).toEqual(['BUMP']);
    expect(toy.eventsByPhase.assess).toEqual(['BUMP', 'CLAIM_MONEY']);
    expect(toy.eventsByPhase.closeout).toEqual([]);
    expect(toy.isEventType('BUMP') && !toy.isEventType('ADVANCE')).toBe(true);
  });

  it('checks and applies one step with its own policy: seq and time stamped, the rule in words', () => {
    const accepted = toy.step(ctx, 'intake', { type: 'BUMP', by: 2, at, actor: partner }, POLICY);
    expect(accepted).toEqual({
      ok: true,
      to: 'intake',
      next: { ...ctx, seq: 5, lastEventAt: at, count: 21 },
      actions: [],
    });
    expect(toy.step(ctx, 'intake', { type: 'BUMP', by: 0, at, actor: partner }, POLICY)).toEqual({
      ok: false,
      code: 'RULE',
      detail: 'Bump by a positive number.',
    });
    expect(toy.step(ctx, 'intake', { type: 'CLAIM_MONEY', at, actor: partner }, POLICY)).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('refuses by role, org, tier and phase, in that order', () => {
    const ops: EventActor = { userId: 'o', orgId: 'x', role: 'ops' };
    const stranger: EventActor = { ...partner, orgId: 'q' };
    expect(toy.authorize(ctx, { type: 'BUMP', by: 1, at, actor: ops }, POLICY)).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      detail: 'A ops may not send BUMP.',
    });
    expect(toy.authorize(ctx, { type: 'BUMP', by: 1, at, actor: stranger }, POLICY)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(toy.authorize(ctx, { type: 'CLAIM_MONEY', at, actor: partner }, POLICY)).toMatchObject({
      detail: expect.stringContaining('this partner is select'),
    });
    const premier: EventActor = { ...partner, tier: 'premier' };
    expect(toy.step(ctx, 'intake', { type: 'CLAIM_MONEY', at, actor: premier }, POLICY)).toEqual({
      ok: false,
      code: 'STATE',
      detail: 'CLAIM_MONEY is not accepted in state intake.',
    });
  });

  it('shares one step within withStep only', () => {
    const event: ToyEvent = { type: 'BUMP', by: 1, at, actor: partner };
    const inside = toy.withStep(ctx, 'intake', event, (s) => [s, toy.evaluate(ctx, 'intake', event, POLICY)], POLICY);
    expect(inside[1]).toBe(inside[0]);
    expect(toy.evaluate(ctx, 'intake', event, POLICY)).not.toBe(inside[0]);
  });
});

describe('buildMachine, for a version other than 1', () => {
  const machine = buildMachine<ToyContext, ToyEvent, ToyPolicy, ToyContext>({
    version: 'toy',
    catalog: toy,
    policy: POLICY,
    initialContext: (input) => input ?? ctx,
    created: (context) => [{ type: 'opportunityCreated', opportunityId: context.opportunityId, title: 'toy' }],
  });

  it('accepts in each state exactly the events its catalog lists there, guarded by the one step', () => {
    expect(machine.id).toBe('mapOpportunity.vtoy');
    expect([...machine.states.intake.ownEvents]).toEqual(['BUMP']);
    expect([...machine.states.assess.ownEvents].sort()).toEqual(['BUMP', 'CLAIM_MONEY']);
    const [start, created] = initialTransition(machine, ctx);
    expect(start.value).toBe('intake');
    expect(created.map((a) => a.type)).toEqual(['domainActions']);
    const [next] = transition(machine, start, { type: 'BUMP', by: 3, at, actor: partner });
    expect(next.context).toMatchObject({ count: 31, seq: 5, lastEventAt: at });
    const [same] = transition(machine, start, { type: 'BUMP', by: -1, at, actor: partner });
    expect(same.context).toBe(start.context);
  });
});
