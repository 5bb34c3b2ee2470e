/**
 * The events version 2 keeps from version 1 run version 1's own definitions
 * (concepts/*.ts), so their rules live in one place. A kept definition sees
 * the version-2 context through a version-1 view and its result is merged
 * back (`keep`):
 *
 * - fund requests are shown as version 1 knew them (a rejected request as
 *   terminated: final, and settled), the request an event is about first in
 *   its tranche, since version 1 reads the first request of a tranche: the one
 *   holding the event's `claimId`, else the open one, else the latest;
 * - the policy is 2026.1's shape with 2027.1's figures of the same meaning,
 *   and version 2's tag schemes.
 *
 * A kept event never adds or removes a fund request, a wave or a claim; what
 * it changes on them is copied back onto the version-2 objects, which keep
 * what only version 2 records (typed evidence, invoices, tags applied).
 */
import type { Claim, FundRequest, OpportunityContext, Wave } from '../context';
import type { ApplyArgs, Check, EventDefinition, StepArgs } from '../definition';
import { FUNDING_POLICY, type FundingPolicy } from '../policy';
import type { Profile } from '../types';
import type { Claim2, FundRequest2, OpportunityContext2, Wave2 } from './context';
import type { FundingPolicy2027 } from './policy';
import { isOpenRequest } from './requests';
import { TAG_SCHEMES_V2 } from './tagging';

const V1_POLICIES = new WeakMap<FundingPolicy2027, FundingPolicy>();

/** 2026.1's shape with `policy`'s figures of the same meaning and version 2's tag schemes (one object per policy). */
export function policyAsV1(policy: FundingPolicy2027): FundingPolicy {
  let v1 = V1_POLICIES.get(policy);
  if (v1 === undefined) {
    v1 = { ...FUNDING_POLICY, ...policy, tagSchemes: TAG_SCHEMES_V2 };
    V1_POLICIES.set(policy, v1);
  }
  return v1;
}

function claimAsV1(c: Claim2): Claim {
  const { invoiceReference: _invoice, ...claim } = c;
  return { ...claim, evidence: c.evidence.map((e) => ({ uri: e.uri, sha256: e.sha256 })) };
}

function requestAsV1(r: FundRequest2): FundRequest {
  return {
    tranche: r.tranche,
    name: r.name,
    fundingType: 'cash',
    amountCents: r.requestedCents,
    projectEndDate: r.projectEndDate,
    claimDueDate: r.claimDueDate,
    workloads: r.workloads,
    stage: r.stage === 'rejected' ? 'terminated' : r.stage,
    stageHistory: r.stageHistory.map((h) => ({ stage: h.stage === 'rejected' ? 'terminated' : h.stage, at: h.at })),
    filedAt: r.filedAt,
    filedBy: r.filedBy,
    policyId: r.policyId,
    envelopeCents: r.envelopeCents,
    likelyDowngrade: r.likelyDowngrade,
    overByCents: r.overByCents,
    claims: r.claims.map(claimAsV1),
  };
}

/** What an event may name: the claim it acts on. */
interface Focus {
  type: string;
  claimId?: unknown;
}

/** The request of its tranche an event is about: holding its claim, else open at `now`, else the latest. */
function focusRank(r: FundRequest2, all: readonly FundRequest2[], event: Focus | undefined, now: string): number {
  if (typeof event?.claimId === 'string' && r.claims.some((c) => c.claimId === event?.claimId)) return 0;
  if (isOpenRequest(r, now)) return 1;
  const latest = all.filter((x) => x.tranche === r.tranche).at(-1);
  return latest === r ? 2 : 3;
}

/** The fund requests in the order the view shows them (a permutation of the context's). */
function viewOrder(ctx: OpportunityContext2, event: Focus | undefined, now: string): FundRequest2[] {
  return ctx.fundRequests
    .map((r, i) => ({ r, i, rank: focusRank(r, ctx.fundRequests, event, now) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.r);
}

/** The version-1 view of a version-2 context, for an event at `now`, and the requests in the view's order. */
export function contextAsV1(
  ctx: OpportunityContext2,
  event?: Focus,
  now: string = ctx.lastEventAt,
): { view: OpportunityContext; order: FundRequest2[] } {
  const order = viewOrder(ctx, event, now);
  return { view: { ...ctx, fundRequests: order.map(requestAsV1) }, order };
}

function mergeClaim(c2: Claim2, c1: Claim | undefined): Claim2 {
  return c1 === undefined ? c2 : { ...c2, ...c1, evidence: c2.evidence, invoiceReference: c2.invoiceReference };
}

function mergeRequest(r2: FundRequest2, r1: FundRequest | undefined): FundRequest2 {
  if (r1 === undefined) return r2;
  return {
    ...r2,
    claims: r2.claims.map((c) =>
      mergeClaim(
        c,
        r1.claims.find((x) => x.claimId === c.claimId),
      ),
    ),
  };
}

function mergeWave(w1: Wave, before: readonly Wave2[]): Wave2 {
  return { ...w1, tagsApplied: before.find((w) => w.waveId === w1.waveId)?.tagsApplied ?? null };
}

/** The version-2 context after a kept event: the view's result, with what only version 2 records put back. */
function merge(ctx: OpportunityContext2, order: FundRequest2[], after: OpportunityContext): OpportunityContext2 {
  const changed = new Map(order.map((r, i) => [r, after.fundRequests[i]]));
  return {
    ...ctx,
    ...after,
    machineVersion: ctx.machineVersion,
    policyId: ctx.policyId,
    profile: { ...ctx.profile, ...(after.profile satisfies Partial<Profile>) },
    waves: after.waves.map((w) => mergeWave(w, ctx.waves)),
    fundRequests: ctx.fundRequests.map((r) => mergeRequest(r, changed.get(r))),
  };
}

/** What version 2 adds to a kept event: a check run before version 1's, and a change after its apply. */
export interface KeptExtras<E, C = OpportunityContext2, P = FundingPolicy2027> {
  /** Extra senders (the `system` actor) or phases; version 1's otherwise. */
  senders?: EventDefinition<E, C, P>['senders'];
  check?(ctx: C, event: E, args: StepArgs<P>): Check;
  /** Runs on the merged context after version 1's apply. */
  apply?(ctx: C, event: E, args: ApplyArgs<P>): C;
}

/**
 * Version 1's definition of `V1`, run on version 2's context and policy, with
 * version 2's extras; `E`, version 2's event, may add fields to version 1's.
 */
export function keep<V1 extends Focus & { at: string }, E extends V1 = V1>(
  v1: EventDefinition<V1>,
  extras: KeptExtras<E> = {},
): EventDefinition<E, OpportunityContext2, FundingPolicy2027> {
  const { moves } = v1;
  return {
    phases: v1.phases,
    senders: extras.senders ?? v1.senders,
    ...(v1.fundingSubmission === undefined ? {} : { fundingSubmission: v1.fundingSubmission }),
    ...(moves === undefined
      ? {}
      : {
          moves: {
            targets: moves.targets,
            to: (ctx, e, args) =>
              moves.to(contextAsV1(ctx, e, e.at).view, e, { ...args, policy: policyAsV1(args.policy) }),
          },
        }),
    check(ctx, e, args) {
      const extra = extras.check?.(ctx, e, args);
      if (extra !== undefined && !extra.ok) return extra;
      return v1.check(contextAsV1(ctx, e, e.at).view, e, { ...args, policy: policyAsV1(args.policy) });
    },
    apply(ctx, e, args) {
      const { view, order } = contextAsV1(ctx, e, e.at);
      const merged = merge(ctx, order, v1.apply(view, e, { ...args, policy: policyAsV1(args.policy) }));
      return extras.apply === undefined ? merged : extras.apply(merged, e, args);
    },
    ...(v1.emit === undefined
      ? {}
      : {
          emit: (before, after, e) =>
            v1.emit?.(contextAsV1(before, e, e.at).view, contextAsV1(after, e, e.at).view, e) ?? [],
        }),
  };
}
