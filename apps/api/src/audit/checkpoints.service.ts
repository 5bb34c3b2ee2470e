import { Inject, Injectable } from '@nestjs/common';
import { createPublicKey, KeyObject } from 'node:crypto';
import { Checkpoint, checkpointProblem, CheckpointVerdict, signCheckpoint } from '@mapflow/audit';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import type { RunJob } from './verify-runner';

/** Heads handed to the verify worker at a time. */
const HEADS_PER_JOB = 1_000;
import { loadSigningKey } from './signing-key';

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
    return this.audits.verifications.withSlot((run) => this.verifyHeads(checkpoint, run));
  }

  private async verifyHeads(checkpoint: Checkpoint, run: RunJob): Promise<CheckpointVerdict> {
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
    for (let i = 0; i < checkpoint.heads.length; i += HEADS_PER_JOB) {
      const outcome = await run({ kind: 'heads', heads: checkpoint.heads.slice(i, i + HEADS_PER_JOB) });
      if (outcome.kind !== 'heads') throw new Error('a heads job answered as a chain job');
      checkedEntries += outcome.checkedEntries;
      failures.push(...outcome.failures);
    }
    return { valid: failures.length === 0, checkedChains: checkpoint.heads.length, checkedEntries, failures };
  }
}
