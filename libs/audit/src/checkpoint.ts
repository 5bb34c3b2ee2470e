import canonicalize from 'canonicalize';
import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/** One chain head at the moment of a checkpoint. */
export interface CheckpointHead {
  opportunityId: string;
  seq: number;
  hash: string;
}

/** What is signed: a digest over every chain head, when, and how many. */
export interface CheckpointStatement {
  format: 'mapflow-checkpoint/1';
  createdAt: string;
  count: number;
  /** SHA-256 over the RFC 8785 form of the heads, sorted by opportunity id. */
  digest: string;
  /** SHA-256 of the signer's public key (DER, SPKI). */
  keyId: string;
}

/** A signed checkpoint, self-contained: the heads it covers, the statement, the Ed25519 signature. */
export interface Checkpoint extends CheckpointStatement {
  heads: CheckpointHead[];
  /** The signer's public key, PEM (SPKI), for offline checks. Trust it only if it matches a key you hold. */
  publicKey: string;
  /** Ed25519 signature over the RFC 8785 form of the statement, base64. */
  signature: string;
}

/** What a checkpoint check found (POST /v1/audit/checkpoints/verify answers this). */
export interface CheckpointVerdict {
  valid: boolean;
  checkedChains: number;
  checkedEntries: number;
  failures: { opportunityId: string | null; seq: number | null; reason: string }[];
}

function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('cannot canonicalize');
  return text;
}

/** SHA-256 of a public key's DER (SPKI) form. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** The digest over heads, in opportunity-id order. */
export function digestOfHeads(heads: readonly CheckpointHead[]): string {
  const sorted = [...heads].sort((a, b) =>
    a.opportunityId < b.opportunityId ? -1 : a.opportunityId > b.opportunityId ? 1 : 0,
  );
  return createHash('sha256').update(canonical(sorted)).digest('hex');
}

/** Signs the current heads. */
export function signCheckpoint(heads: readonly CheckpointHead[], createdAt: string, privateKey: KeyObject): Checkpoint {
  const publicKey = createPublicKey(privateKey);
  const statement: CheckpointStatement = {
    format: 'mapflow-checkpoint/1',
    createdAt,
    count: heads.length,
    digest: digestOfHeads(heads),
    keyId: keyIdOf(publicKey),
  };
  const signature = sign(null, Buffer.from(canonical(statement)), privateKey).toString('base64');
  return {
    ...statement,
    heads: [...heads],
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    signature,
  };
}

/**
 * Checks a checkpoint's own integrity against a public key the verifier
 * trusts: the key id, the digest over the heads and count, and the Ed25519
 * signature. Returns the reason it fails, or null.
 */
export function checkpointProblem(checkpoint: Checkpoint, trusted: KeyObject): string | null {
  if (checkpoint.format !== 'mapflow-checkpoint/1') return 'unknown checkpoint format';
  if (checkpoint.keyId !== keyIdOf(trusted)) return 'the checkpoint was signed by another key';
  if (checkpoint.count !== checkpoint.heads.length) return 'the head count does not match the heads';
  if (digestOfHeads(checkpoint.heads) !== checkpoint.digest) return 'the digest does not match the heads';
  const statement: CheckpointStatement = {
    format: checkpoint.format,
    createdAt: checkpoint.createdAt,
    count: checkpoint.count,
    digest: checkpoint.digest,
    keyId: checkpoint.keyId,
  };
  let ok = false;
  try {
    ok = verify(null, Buffer.from(canonical(statement)), trusted, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    ok = false;
  }
  return ok ? null : 'the signature does not verify';
}
