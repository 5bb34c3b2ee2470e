import { createPublicKey } from 'node:crypto';
import { ChainLink } from './chain';
import { Checkpoint, checkpointProblem } from './checkpoint';
import { headProblem, replayLinks } from './replay';
import { ChainVerdict, checkChain } from './verify';

export interface OfflineVerdict extends ChainVerdict {
  opportunityId: string | null;
  checkpoint: 'not given' | 'valid' | string;
}

/** The whole offline check, pure but for its inputs. */
export async function verifyExport(
  ndjson: string,
  checkpointText?: string,
  publicKeyPem?: string,
): Promise<OfflineVerdict> {
  const lines = ndjson.split('\n').filter((line) => line.trim() !== '');
  const links: ChainLink[] = [];
  const fail = (
    seq: number | null,
    reason: string,
    opportunityId: string | null = links[0]?.opportunityId ?? null,
  ): OfflineVerdict => ({
    valid: false,
    entries: links.length,
    headHash: links[links.length - 1]?.hash ?? null,
    firstBadSeq: seq,
    reason,
    opportunityId,
    checkpoint: 'not checked',
  });
  if (!ndjson.endsWith('\n') && lines.length > 0)
    return fail(lines.length, `the file is truncated: line ${lines.length} has no end`);
  for (let i = 0; i < lines.length; i += 1) {
    try {
      links.push(JSON.parse(lines[i] as string) as ChainLink);
    } catch {
      return fail(i + 1, `line ${i + 1} is not JSON: the file is truncated or damaged`);
    }
  }
  const opportunityId = links[0]?.opportunityId ?? null;
  if (opportunityId === null) return fail(null, 'the export is empty', null);
  const chain = await checkChain(opportunityId, links);
  if (!chain.valid) return { ...chain, opportunityId, checkpoint: 'not checked' };
  const replayed = replayLinks(links);
  if (!('snapshot' in replayed)) return fail(replayed.firstBadSeq, replayed.reason);
  let checkpoint: OfflineVerdict['checkpoint'] = 'not given';
  if (checkpointText !== undefined && publicKeyPem !== undefined) {
    let parsed: Checkpoint;
    try {
      parsed = JSON.parse(checkpointText) as Checkpoint;
    } catch {
      return { ...fail(null, 'the checkpoint is not JSON'), checkpoint: 'invalid' };
    }
    const problem = checkpointProblem(parsed, createPublicKey(publicKeyPem));
    if (problem !== null) return { ...fail(null, `checkpoint: ${problem}`), checkpoint: problem };
    const head = parsed.heads?.find((h) => h.opportunityId === opportunityId);
    if (head === undefined)
      return { ...fail(null, 'the checkpoint does not cover this opportunity'), checkpoint: 'does not cover it' };
    const lost = headProblem(links, head);
    if (lost !== null) return { ...fail(lost.firstBadSeq, lost.reason), checkpoint: 'rewritten or missing' };
    checkpoint = 'valid';
  }
  return { ...chain, opportunityId, checkpoint };
}
