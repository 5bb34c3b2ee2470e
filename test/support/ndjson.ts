import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import request from 'supertest';
import { ROOT } from './app-process';
import { expectStatus } from './opportunity-driver';

/** The whole audit log of an opportunity as NDJSON text, read with `key`. */
export async function exportNdjson(http: Server, id: string, key: string): Promise<string> {
  const res = await request(http)
    .get(`/v1/opportunities/${id}/audit`)
    .set('authorization', `Bearer ${key}`)
    .set('accept', 'application/x-ndjson')
    .buffer(true)
    .parse((stream, done) => {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
      stream.on('end', () => done(null, text));
    });
  expectStatus(res, 200);
  expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
  return String(res.body);
}

/** Runs `npm run audit:verify -- <args>` as a user would (no server, no database): exit status and the verdict line. */
export function runAuditVerify(args: string[]): { status: number | null; verdict: Record<string, unknown> } {
  const run = spawnSync(process.execPath, ['scripts/run.js', 'libs/audit/src/cli/verify', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  return { status: run.status, verdict: last.startsWith('{') ? (JSON.parse(last) as Record<string, unknown>) : {} };
}
