import { Inject, Injectable } from '@nestjs/common';
import { createPublicKey, KeyObject } from 'node:crypto';
import { Checkpoint, checkPages, checkpointProblem, headFault, signCheckpoint } from '../../../../libs/audit/src';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AuditRepository } from './audit.repository';
import { AuditService, VERIFY_PAGE } from './audit.service';
import { loadSigningKey } from './signing-key';

/** What a checkpoint check found. */
export interface CheckpointVerdict {
  valid: boolean;
  checkedChains: number;
  checkedEntries: number;
  failures: { opportunityId: string | null; seq: number | null; reason: string }[];
}

/**
 * Signed checkpoints over every chain head (DESIGN.md §4). Verifying one
 * recomputes every entry's hash up to each checkpointed head, so a history
 * rewritten since, even consistently re-hashed by a superuser, is caught.
 */
@Injectable()
export class CheckpointsService {
  private key: KeyObject | null = null;

  constructor(
    private readonly audit: AuditRepository,
    private readonly audits: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private signingKey(): KeyObject {
    this.key ??= loadSigningKey(this.config);
    return this.key;
  }

  async create(): Promise<Checkpoint> {
    const heads = await this.audit.heads();
    return signCheckpoint(heads, new Date().toISOString(), this.signingKey());
  }

  /**
   * Checks the checkpoint's signature, then every chain it covers up to its
   * head, each read in pages and checked as it arrives (as audit verify does),
   * in one of the process's verification slots.
   */
  async verify(checkpoint: Checkpoint): Promise<CheckpointVerdict> {
    return this.audits.verifySlots.run(() => this.verifyHeads(checkpoint));
  }

  private async verifyHeads(checkpoint: Checkpoint): Promise<CheckpointVerdict> {
    const problem = checkpointProblem(checkpoint, createPublicKey(this.signingKey()));
    if (problem !== null) {
      return {
        valid: false,
        checkedChains: 0,
        checkedEntries: 0,
        failures: [{ opportunityId: null, seq: null, reason: problem }],
      };
    }
    const failures: CheckpointVerdict['failures'] = [];
    let checkedEntries = 0;
    for (const head of checkpoint.heads) {
      const pages = this.audit.pages(head.opportunityId, { pageSize: VERIFY_PAGE, max: head.seq });
      const chain = await checkPages(head.opportunityId, pages);
      checkedEntries += chain.entries;
      const verdict = chain.verdict();
      if (!verdict.valid) {
        failures.push({
          opportunityId: head.opportunityId,
          seq: verdict.firstBadSeq,
          reason: verdict.reason ?? 'invalid chain',
        });
      } else {
        // Only the first head.seq links were read: the last one, if there are that many, is the head's.
        const lost = headFault(
          chain.entries,
          chain.entries === head.seq ? (chain.headHash ?? undefined) : undefined,
          head,
        );
        if (lost !== null)
          failures.push({ opportunityId: head.opportunityId, seq: lost.firstBadSeq, reason: lost.reason });
      }
    }
    return { valid: failures.length === 0, checkedChains: checkpoint.heads.length, checkedEntries, failures };
  }
}
