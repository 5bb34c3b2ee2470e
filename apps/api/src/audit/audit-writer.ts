import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEntryBody, ChainLink, CheckpointHead, GENESIS_HASH, nextLink } from '@mapflow/audit';
import { AppendAfter, APPEND_LINKS_SQL, appendLinksParams, linkParams } from '@mapflow/persistence';
import {
  AnyPersistedOpportunity,
  CreateOpportunityInput,
  MachineMigratedEvent,
  stateString,
  VersionedEvent,
} from '@mapflow/workflow';

/** A change to a chain's opportunity that its link goes with: a statement built by `appendAfterSql`, and the change's parameters. */
export interface GuardedChange {
  statement: AppendAfter;
  params: unknown[];
}

/**
 * The one writer of audit entries (DESIGN.md §4): builds an entry from what
 * happened, hashes it onto its chain, and appends it, always in the caller's
 * transaction, so that an entry is written exactly when its change is.
 */
@Injectable()
export class AuditWriter {
  /**
   * Entry 1 of a chain: the creation input, as a replay reads it, and the state it led to; with the inquiry
   * it was made from, when an accepted offer made it (design/routing.md).
   */
  creationEntry(input: CreateOpportunityInput, snapshot: AnyPersistedOpportunity, inquiryId?: string): AuditEntryBody {
    return {
      ...(inquiryId === undefined ? {} : { inquiryId }),
      recordedAt: input.at,
      actor: input.actor,
      event: { type: 'CREATE_OPPORTUNITY', input },
      state: stateString(snapshot),
      // The version it was created on: replay creates it on that version (design/funding-v2.md).
      machineVersion: snapshot.context.machineVersion,
    };
  }

  /** The entry of an accepted event: the event as the machine received it, and the state it led to. */
  eventEntry(event: VersionedEvent | MachineMigratedEvent, snapshot: AnyPersistedOpportunity): AuditEntryBody {
    return { recordedAt: event.at, actor: event.actor, event: { ...event }, state: stateString(snapshot) };
  }

  /** The first link of an opportunity's chain. */
  first(opportunityId: string, entry: AuditEntryBody): ChainLink {
    return nextLink(opportunityId, 1, GENESIS_HASH, entry);
  }

  /** The link after `head`, the chain's last. */
  next(head: CheckpointHead, entry: AuditEntryBody): ChainLink {
    return nextLink(head.opportunityId, head.seq + 1, head.hash, entry);
  }

  /** Appends `link` in `tx`. */
  async append(tx: EntityManager, link: ChainLink): Promise<void> {
    await tx.query(APPEND_LINKS_SQL, appendLinksParams(link.opportunityId, [link]));
  }

  /**
   * Makes `change` and appends `link` in one statement, atomic on its own:
   * the link is written only if the change was. Answers whether it was.
   */
  async appendWith(tx: EntityManager, change: GuardedChange, link: ChainLink): Promise<boolean> {
    if (change.params.length !== change.statement.changeParams) {
      throw new Error(`the change takes ${change.statement.changeParams} parameters, not ${change.params.length}`);
    }
    const rows = await tx.query<unknown[]>(change.statement.text, [...change.params, ...linkParams(link)]);
    return rows.length > 0;
  }
}
