import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  AssociateOpportunityCommand,
  CreateOpportunityCommand,
  GetOpportunityCommand,
  type GetOpportunityResponse,
  PartnerCentralSellingClient,
  StartEngagementFromOpportunityTaskCommand,
  UpdateOpportunityCommand,
  type CreateOpportunityRequest,
  type UpdateOpportunityRequest,
} from '@aws-sdk/client-partnercentral-selling';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { viewAny, type OpportunityView2 } from '@mapflow/workflow';
import { APP_CONFIG, AppConfig } from '../config/config';
import { backoffMs } from '../common/backoff';
import { AppError, ErrorCode } from '../common/errors';
import { PeriodicJobs } from '../events/periodic-jobs';
import { checkedEventBodyOr400 } from '../opportunities/event-body';
import { parseIfMatch, etagOf } from '../opportunities/if-match';
import { OpportunityCommandsService } from '../opportunities/opportunity-commands.service';
import { OpportunityReadsService } from '../opportunities/opportunity-reads.service';
import { aceExportMissing, createOpportunityRequest } from './ace-export';
import { AceSyncRepository } from './ace-sync.repository';

/** Opportunities synced per sweep. */
const SWEEP_BATCH = 100;
/** The wait after `n` failed attempts: the common schedule, at most an hour. */
const aceRetryMs = (n: number): number => backoffMs(n, 3_600_000);

/** Review statuses under which ACE takes no update (it is reviewing what it has). */
const UNDER_REVIEW: readonly string[] = ['Submitted', 'In review'];

/** SHA-256 of a request's canonical JSON (the client token left out: it is the same for every version). */
function hashOf(request: CreateOpportunityRequest): string {
  const { ClientToken: _token, ...rest } = request;
  void _token;
  return createHash('sha256')
    .update(canonicalize(rest) ?? '')
    .digest('hex');
}

/**
 * `UpdateOpportunity` is a full replace: ACE's record as read (`GetOpportunity`), with every field mapflow
 * maps replaced by ours, and its `LastModifiedDate` (a change in between is a conflict). ACE's own review
 * fields are not sent back.
 */
export function updateRequest(
  current: GetOpportunityResponse,
  ours: CreateOpportunityRequest,
  identifier: string,
): UpdateOpportunityRequest {
  const {
    ReviewStatus: _s,
    ReviewComments: _c,
    ReviewStatusReason: _r,
    NextStepsHistory: _h,
    ...life
  } = current.LifeCycle ?? {};
  void [_s, _c, _r, _h];
  return {
    Catalog: ours.Catalog,
    Identifier: identifier,
    LastModifiedDate: current.LastModifiedDate,
    PartnerOpportunityIdentifier: ours.PartnerOpportunityIdentifier,
    OpportunityType: ours.OpportunityType,
    NationalSecurity: ours.NationalSecurity,
    PrimaryNeedsFromAws: ours.PrimaryNeedsFromAws,
    ...(current.Marketing === undefined ? {} : { Marketing: current.Marketing }),
    ...(current.SoftwareRevenue === undefined ? {} : { SoftwareRevenue: current.SoftwareRevenue }),
    Customer: {
      ...current.Customer,
      Account: {
        ...current.Customer?.Account,
        ...ours.Customer?.Account,
        CompanyName: ours.Customer?.Account?.CompanyName,
      },
    },
    Project: { ...current.Project, ...ours.Project },
    LifeCycle: { ...life, ...ours.LifeCycle },
  };
}

/** The name the sync signs its events with (the `system` actor's service). */
const SERVICE = 'ace-sync';

/**
 * The ACE sync (design/ace.md), off unless MAPFLOW_ACE_SYNC is `on`: a
 * periodic sweep (a stored job) creates each version-2 opportunity whose
 * profile has ACE's fields in Partner Central (once: the client token is
 * stable), associates the MAP solution, submits it when the partner sent
 * SUBMIT_TO_ACE, and reads ACE's stage and review status back as
 * RECORD_ACE_OPPORTUNITY events of the system actor, so the audit log shows
 * what AWS said and when. An error is kept for the read and tried again with
 * backoff; it never blocks the engine.
 */
@Injectable()
export class AceSyncService implements OnModuleInit {
  private readonly log = new Logger('AceSync');
  private client: PartnerCentralSellingClient | null = null;

  constructor(
    private readonly syncs: AceSyncRepository,
    private readonly reads: OpportunityReadsService,
    private readonly commands: OpportunityCommandsService,
    private readonly periodic: PeriodicJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.aceSync !== 'on') return;
    this.reads.showAceSyncErrors((id) => this.syncError(id));
    this.periodic.every('ace-sweep', this.config.aceSweepSeconds * 1_000, async () => {
      await this.sweep();
    });
  }

  /** The SDK's client (credentials from its default chain; the endpoint overridden in the tests). */
  private sdk(): PartnerCentralSellingClient {
    this.client ??= new PartnerCentralSellingClient({
      region: this.config.aceRegion,
      ...(this.config.aceEndpoint === undefined ? {} : { endpoint: this.config.aceEndpoint }),
      maxAttempts: 2,
    });
    return this.client;
  }

  /** One sweep: every opportunity due, each on its own (one failing does not stop the others). */
  async sweep(): Promise<void> {
    for (const id of await this.syncs.due(SWEEP_BATCH)) await this.sync(id);
  }

  /** Syncs one opportunity, holding its lock; an error is recorded and retried later, never thrown. */
  async sync(opportunityId: string): Promise<void> {
    await this.syncs.exclusively(opportunityId, async () => {
      const record = await this.reads.recordAny(opportunityId);
      if (record === null) return;
      try {
        await this.syncOne(opportunityId);
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.log.warn(`opportunity ${opportunityId}: ${message}`);
        await this.syncs.failed(opportunityId, record.version, message, aceRetryMs);
      }
    });
  }

  /** The sync's last error of an opportunity, for its read (null when the last attempt worked or none was made). */
  async syncError(opportunityId: string): Promise<{ message: string; at: string; attempts: number } | null> {
    const row = await this.syncs.find(opportunityId);
    if (row?.lastError == null || row.errorAt === null) return null;
    return { message: row.lastError, at: new Date(row.errorAt).toISOString(), attempts: row.attempts };
  }

  private async syncOne(id: string): Promise<void> {
    const record = await this.reads.recordAny(id);
    if (record === null) return;
    const view = viewAny(record.snapshot, new Date().toISOString());
    const row = await this.syncs.find(id);
    if (!('credits' in view) || aceExportMissing(view).length > 0) {
      await this.syncs.saved(id, { syncedVersion: record.version });
      return;
    }
    const catalog = this.config.aceCatalog;
    const ours = createOpportunityRequest(view, catalog);
    const hash = hashOf(ours);
    // Only an ACE opportunity this sync made, or one the partner recorded that ACE says is this opportunity's:
    // a partner could record another's id, and every opportunity is synced with the same credentials.
    let aceId = row?.aceOpportunityId ?? (await this.adopted(id, view.ace?.aceOpportunityId ?? null));
    let held = false;
    if (aceId !== null && row?.sentHash !== hash) {
      if (UNDER_REVIEW.includes(view.ace?.reviewStatus ?? '')) held = true;
      else {
        await this.update(aceId, ours);
        await this.syncs.saved(id, { aceOpportunityId: aceId, syncedVersion: row?.syncedVersion ?? 0, sentHash: hash });
      }
    }
    if (aceId === null) {
      const created = await this.sdk().send(new CreateOpportunityCommand(ours));
      if (created.Id === undefined) throw new Error('CreateOpportunity answered no Id');
      aceId = created.Id;
      await this.syncs.saved(id, { aceOpportunityId: aceId, syncedVersion: row?.syncedVersion ?? 0, sentHash: hash });
    }
    if (this.config.aceSolutionId !== undefined && row?.associated !== true) {
      await this.sdk().send(
        new AssociateOpportunityCommand({
          Catalog: catalog,
          OpportunityIdentifier: aceId,
          RelatedEntityType: 'Solutions',
          RelatedEntityIdentifier: this.config.aceSolutionId,
        }),
      );
      await this.syncs.associated(id);
    }
    const requested = (record.snapshot.context as { aceSubmissionRequestedAt?: string | null })
      .aceSubmissionRequestedAt;
    let submittedFor: Date | undefined;
    if (
      typeof requested === 'string' &&
      (row?.submittedFor == null || new Date(row.submittedFor).toISOString() !== requested)
    ) {
      await this.sdk().send(
        new StartEngagementFromOpportunityTaskCommand({
          Catalog: catalog,
          ClientToken: `submit-${id.slice(0, 18)}-${Date.parse(requested)}`,
          Identifier: aceId,
          AwsSubmission: { InvolvementType: 'Co-Sell', Visibility: 'Full' },
        }),
      );
      submittedFor = new Date(requested);
    }
    const ace = await this.sdk().send(new GetOpportunityCommand({ Catalog: catalog, Identifier: aceId }));
    const version = await this.recordReview(id, view, aceId, ace);
    await this.syncs.saved(id, {
      aceOpportunityId: aceId,
      // An update held back while AWS reviewed it keeps the opportunity due, so it is sent after the review.
      syncedVersion: held ? (row?.syncedVersion ?? 0) : version,
      ...(submittedFor === undefined ? {} : { submittedFor }),
      ...(ace.LifeCycle?.ReviewStatus === undefined ? {} : { reviewStatus: ace.LifeCycle.ReviewStatus }),
    });
  }

  /** The ACE opportunity the partner recorded, when ACE says it is this opportunity's (its partner identifier); else null. */
  private async adopted(id: string, recorded: string | null): Promise<string | null> {
    if (recorded === null) return null;
    const ace = await this.sdk().send(
      new GetOpportunityCommand({ Catalog: this.config.aceCatalog, Identifier: recorded }),
    );
    if (ace.PartnerOpportunityIdentifier !== id)
      throw new Error(
        `ACE opportunity ${recorded}, recorded on this opportunity, is not this opportunity's in Partner Central (its partner identifier is ${ace.PartnerOpportunityIdentifier ?? 'none'}): it is not synced`,
      );
    return recorded;
  }

  /** Sends our mapping over ACE's record; a concurrent change in Partner Central (a conflict) is read again and retried. */
  private async update(aceId: string, ours: CreateOpportunityRequest): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.sdk().send(new GetOpportunityCommand({ Catalog: ours.Catalog, Identifier: aceId }));
      try {
        await this.sdk().send(new UpdateOpportunityCommand(updateRequest(current, ours, aceId)));
        return;
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'ConflictException' || attempt >= 3) throw error;
        this.log.log(`ACE opportunity ${aceId} changed while it was updated; reading it again`);
      }
    }
  }

  /**
   * Records ACE's stage and review status as RECORD_ACE_OPPORTUNITY of the system actor when they differ
   * from what the opportunity holds (a concurrent change is read again); answers the version after.
   */
  private async recordReview(
    id: string,
    view: OpportunityView2,
    aceId: string,
    ace: GetOpportunityResponse,
  ): Promise<number> {
    // An ended opportunity takes no RECORD_ACE_OPPORTUNITY (its phases are intake to closeout): ACE is still
    // told (the update's stage), and nothing is recorded back.
    if (!['intake', 'assess', 'mobilize', 'migrate', 'closeout'].includes(view.phase)) return view.version;
    const stage = ace.LifeCycle?.Stage;
    const reviewStatus = ace.LifeCycle?.ReviewStatus;
    const modified = ace.LastModifiedDate?.toISOString();
    if (stage === undefined || reviewStatus === undefined || modified === undefined) return view.version;
    let current = view;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const held = current.ace;
      if (
        held !== null &&
        held.stage === stage &&
        held.reviewStatus === reviewStatus &&
        held.aceOpportunityId === aceId
      )
        return current.version;
      const body = await checkedEventBodyOr400({
        type: 'RECORD_ACE_OPPORTUNITY',
        aceOpportunityId: aceId,
        stage,
        reviewStatus,
        lastModifiedDate: modified,
      });
      try {
        return (await this.commands.sendAsSystem(SERVICE, id, parseIfMatch(etagOf(current.version)), body)).version;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== ErrorCode.PreconditionFailed) throw error;
        const again = await this.reads.recordAny(id);
        const fresh = again === null ? null : viewAny(again.snapshot, new Date().toISOString());
        if (fresh === null || !('credits' in fresh)) return view.version;
        current = fresh;
      }
    }
    throw new Error('the opportunity kept changing while its ACE review was recorded');
  }
}
