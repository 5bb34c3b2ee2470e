import { Inject, Injectable } from '@nestjs/common';
import { createPublicKey, KeyObject } from 'node:crypto';
import { Checkpoint, checkpointProblem, headProblem, signCheckpoint, checkChain } from '../../../../libs/audit/src';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AuditRepository } from './audit.repository';
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

  async verify(checkpoint: Checkpoint): Promise<CheckpointVerdict> {
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
      const links = await this.audit.links(head.opportunityId, 0, head.seq);
      checkedEntries += links.length;
      const chain = await checkChain(head.opportunityId, links);
      if (!chain.valid) {
        failures.push({
          opportunityId: head.opportunityId,
          seq: chain.firstBadSeq,
          reason: chain.reason ?? 'invalid chain',
        });
      } else {
        const lost = headProblem(links, head);
        if (lost !== null)
          failures.push({ opportunityId: head.opportunityId, seq: lost.firstBadSeq, reason: lost.reason });
      }
    }
    return { valid: failures.length === 0, checkedChains: checkpoint.heads.length, checkedEntries, failures };
  }
}
