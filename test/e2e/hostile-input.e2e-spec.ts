import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import request from 'supertest';
import { makeOrg, TEST_OPS_KEY, useTestApp } from '../support/test-app';
import { problemType } from '../support/problem-types';

/**
 * Regressions for what the hostile-input reliability suite (test/reliability/hostile) found:
 * each of these answered a 500, or a body that was not a problem document.
 */
const PROBLEM = /^application\/problem\+json/;

/** One raw HTTP/1.1 exchange: the status line and the body of the first answer. */
function raw(port: number, bytes: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const match = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
      if (!match) fail(new Error(`no HTTP answer: ${text.slice(0, 200)}`));
      else {
        const contentType = /^content-type:\s*(.*)$/im.exec(match[2] ?? '')?.[1]?.trim() ?? '';
        done({ status: Number(match[1]), contentType, body: match[3] ?? '' });
      }
    });
    socket.write(bytes);
  });
}

describe('hostile input (regressions found by the reliability suite)', () => {
  const t = useTestApp();
  let port: number;

  beforeAll(async () => {
    await new Promise<void>((done) => t.http.listen(0, '127.0.0.1', done));
    port = (t.http.address() as AddressInfo).port;
  });

  it('answers 400 to a body nested thousands deep (it overflowed the stack in class-transformer)', async () => {
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const res = await request(t.http)
      .post('/v1/triage')
      .set('authorization', `Bearer ${TEST_OPS_KEY}`)
      .set('content-type', 'application/json')
      .send(`{"sourcePlatform":${deep}}`)
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors).toEqual([{ field: 'body', message: 'it nests objects or arrays more than 32 deep' }]);
  });

  it('answers 400 to a number JSON cannot hold (1e400), also under an Idempotency-Key (its fingerprint threw)', async () => {
    const partner = await makeOrg(t.http, 'partner');
    for (const key of [null, 'k-1e400']) {
      let req = request(t.http)
        .post('/v1/opportunities')
        .set('authorization', `Bearer ${partner.key}`)
        .set('content-type', 'application/json');
      if (key !== null) req = req.set('idempotency-key', key);
      const res = await req.send('{"customerOrgId":"x","title":"t","profile":{"servers":1e400}}').expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    }
  });

  it('answers a URL with broken percent-encoding with a 400 problem document', async () => {
    const res = await request(t.http)
      .get('/v1/opportunities/%E0%A4%A')
      .set('authorization', `Bearer ${TEST_OPS_KEY}`)
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 400, type: problemType('validation') });
  });

  it('answers requests that are not valid HTTP with problem documents (400, and 431 for huge headers)', async () => {
    const broken = await raw(
      port,
      'POST /v1/triage HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    );
    expect(broken.status).toBe(400);
    expect(broken.contentType).toMatch(PROBLEM);
    expect(JSON.parse(broken.body)).toMatchObject({
      status: 400,
      type: problemType('malformed-request'),
    });

    const huge = await raw(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge.status).toBe(431);
    expect(huge.contentType).toMatch(PROBLEM);
    expect(JSON.parse(huge.body)).toMatchObject({
      status: 431,
      type: problemType('headers-too-large'),
    });
  });
});
