import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { signCheckpoint, verifyExport } from '@mapflow/audit';
import { expectStatus, herokuProfile, newOpportunity, OpportunityDriver } from '../support/opportunity-driver';
import { exportNdjson, runAuditVerify } from '../support/ndjson';
import { useTempDir } from '../support/temp-dir';
import { TEST_OPS_KEY, useTestApp } from '../support/test-app';

const ops = `Bearer ${TEST_OPS_KEY}`;

describe('offline verification of an NDJSON export (no server, no database)', () => {
  const t = useTestApp();
  const dir = useTempDir('offline');
  let o: OpportunityDriver;
  let ndjson: string;
  let checkpoint: {
    publicKey: string;
    heads: { opportunityId: string; seq: number; hash: string }[];
    createdAt: string;
    signature: string;
  };

  beforeAll(async () => {
    o = await newOpportunity(t.http, 'Exported', herokuProfile());
    await o.p({ type: 'ADVANCE' });
    await o.p({ type: 'UPDATE_PROFILE', profile: { servers: 50 } });
    const cp = await request(t.http).post('/v1/audit/checkpoints').set('authorization', ops).send();
    expectStatus(cp, 201);
    checkpoint = cp.body;
    await o.p({ type: 'UPDATE_PROFILE', profile: { servers: 51 } });
    ndjson = await exportNdjson(t.http, o.id, TEST_OPS_KEY);
  });

  function cli(exportText: string, withCheckpoint = true, cp: object = checkpoint, key = checkpoint.publicKey) {
    writeFileSync(join(dir.path, 'export.ndjson'), exportText);
    writeFileSync(join(dir.path, 'checkpoint.json'), JSON.stringify(cp));
    writeFileSync(join(dir.path, 'public-key.pem'), key);
    const args = [join(dir.path, 'export.ndjson')];
    if (withCheckpoint)
      args.push('--checkpoint', join(dir.path, 'checkpoint.json'), '--public-key', join(dir.path, 'public-key.pem'));
    return runAuditVerify(args);
  }

  it('accepts an untouched export with its checkpoint (exit 0), as the endpoint does', async () => {
    const endpoint = await request(t.http).get(`/v1/opportunities/${o.id}/audit/verify`).set('authorization', ops);
    const run = cli(ndjson);
    expect(run.status).toBe(0);
    expect(run.verdict).toMatchObject({
      valid: true,
      entries: 4,
      checkpoint: 'valid',
      headHash: endpoint.body.headHash,
    });
    expect(endpoint.body).toMatchObject({ valid: true, entries: 4 });
  });

  it('exits 1 and names the entry when one byte of a payload changed', () => {
    const lines = ndjson.trim().split('\n');
    lines[2] = (lines[2] ?? '').replace('"servers":50', '"servers":59');
    const run = cli(`${lines.join('\n')}\n`, false);
    expect(run.status).toBe(1);
    expect(run.verdict).toMatchObject({ valid: false, firstBadSeq: 3 });
  });

  it('agrees with the endpoint on reordered, deleted and truncated exports', async () => {
    const lines = ndjson.trim().split('\n');
    const reorder = [lines[0], lines[2], lines[1], lines[3]].join('\n') + '\n';
    expect(await verifyExport(reorder)).toMatchObject({ valid: false, firstBadSeq: 2 });
    const middle = [lines[0], lines[2], lines[3]].join('\n') + '\n';
    expect(await verifyExport(middle)).toMatchObject({ valid: false, firstBadSeq: 2 });
    const truncated = ndjson.slice(0, ndjson.length - 40);
    expect(await verifyExport(truncated)).toMatchObject({ valid: false, reason: expect.stringContaining('truncated') });
    // The last entry deleted after a checkpoint covered it: only the checkpoint can tell.
    const withoutLast = lines.slice(0, 2).join('\n') + '\n';
    expect(await verifyExport(withoutLast)).toMatchObject({ valid: true });
    expect(await verifyExport(withoutLast, JSON.stringify(checkpoint), checkpoint.publicKey)).toMatchObject({
      valid: false,
      firstBadSeq: 3,
    });
  });

  it('refuses a forged signature and a checkpoint of another key', async () => {
    const forged = cli(ndjson, true, { ...checkpoint, signature: Buffer.from('y'.repeat(64)).toString('base64') });
    expect(forged.status).toBe(1);
    expect(forged.verdict.checkpoint).toBe('the signature does not verify');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = signCheckpoint(checkpoint.heads, checkpoint.createdAt, privateKey);
    // Signed by another key and checked against ours: refused.
    expect(await verifyExport(ndjson, JSON.stringify(other), checkpoint.publicKey)).toMatchObject({ valid: false });
    // Ours checked against another key: refused too.
    const otherPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(await verifyExport(ndjson, JSON.stringify(checkpoint), otherPem)).toMatchObject({
      valid: false,
      checkpoint: 'the checkpoint was signed by another key',
    });
  });
});
