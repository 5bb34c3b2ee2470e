import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { makeOrg, TEST_OPS_KEY, TestOrg, useTestApp } from '../support/test-app';
import { problemType, type ProblemName } from '../support/problem-types';

/** What the checkpoint route would take (its own limit is 64 MiB): far more than socket buffers hold. */
const DECLARED = 48 * 1_048_576;
const CHUNK = Buffer.alloc(64 * 1024, ' ');

interface Exchange {
  status: number;
  headers: string;
  body: string;
  /** Body bytes the client had handed to the socket when the answer arrived. */
  sentBeforeAnswer: number;
}

/**
 * POSTs a body of `declared` bytes (valid JSON once complete: an object padded
 * with spaces) at the pace the server reads it, and stops sending as soon as
 * an answer arrives.
 */
function postLargeBody(
  port: number,
  path: string,
  key: string | null,
  declared = DECLARED,
  extraHeaders = '',
  paceMs = 0,
): Promise<Exchange> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let sent = 0;
    let sentBeforeAnswer = -1;
    let finished = false;
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`no answer within 30 s (${sent} body bytes sent)`));
    }, 30_000);
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString('utf8');
      const match = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
      if (!match) {
        fail(new Error(`no HTTP answer (${sent} body bytes sent): ${JSON.stringify(text.slice(0, 200))}`));
        return;
      }
      done({ status: Number(match[1]), headers: match[2] ?? '', body: match[3] ?? '', sentBeforeAnswer });
    };
    socket.on('data', (chunk: Buffer) => {
      if (sentBeforeAnswer < 0) sentBeforeAnswer = sent;
      received.push(chunk);
      const text = Buffer.concat(received).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
      if (end >= 0 && length?.[1] !== undefined && Buffer.byteLength(text.slice(end + 4)) >= Number(length[1]))
        finish();
    });
    socket.on('error', () => undefined); // writing into a connection the server closed
    socket.on('close', finish);
    const pump = (): void => {
      while (sentBeforeAnswer < 0 && !socket.destroyed && sent < declared) {
        const last = sent + CHUNK.length >= declared;
        const chunk = sent === 0 ? Buffer.from('{"heads":[]' + ' '.repeat(CHUNK.length - 11)) : CHUNK;
        const piece = last ? Buffer.concat([chunk.subarray(0, declared - sent - 1), Buffer.from('}')]) : chunk;
        sent += piece.length;
        if (!socket.write(piece)) {
          socket.once('drain', pump);
          return;
        }
        if (paceMs > 0) {
          setTimeout(pump, paceMs);
          return;
        }
      }
    };
    socket.on('connect', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n` +
          (key === null ? '' : `Authorization: Bearer ${key}\r\n`) +
          extraHeaders +
          '\r\n',
      );
      pump();
    });
  });
}

/**
 * A refusal answered before the body was read: `status`, a problem document of
 * `type`, most of the body still unsent, and the connection closed, so the
 * rest of the body is not read either.
 */
function expectRefusedBeforeBody(res: Exchange, status: number, type: ProblemName): void {
  expect(res.sentBeforeAnswer).toBeLessThan(DECLARED / 4);
  expect(res.status).toBe(status);
  expect(res.headers).toMatch(/content-type: application\/problem\+json/i);
  expect(JSON.parse(res.body)).toMatchObject({ status, type: problemType(type) });
  expect(res.headers).toMatch(/connection: close/i);
}

/**
 * POST /v1/audit/checkpoints/verify takes bodies up to 64 MiB, for ops. A
 * caller without a key, with an unknown one or of another role is answered
 * 401 or 403 before its body is read, and the connection is closed, so the
 * rest of the body is never taken in: the answer arrives while most of the
 * body is still unsent. An ops caller's body is read whole (the control).
 */
describe('no body is read before its caller is authenticated', () => {
  const t = useTestApp();
  let port: number;
  let partner: TestOrg;

  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.http.address() as AddressInfo).port;
    partner = await makeOrg(`http://127.0.0.1:${port}`, 'partner');
  });

  it.each([
    ['no key', null, 401],
    ['an unknown key', 'mf_not-a-key-anyone-was-given-0123456789', 401],
  ])('answers %s with 401 before the body is sent', async (_what, key, status) => {
    expectRefusedBeforeBody(await postLargeBody(port, '/v1/audit/checkpoints/verify', key), status, 'unauthenticated');
  });

  it('answers a partner, which may not verify checkpoints, with 403 before the body is sent', async () => {
    expectRefusedBeforeBody(await postLargeBody(port, '/v1/audit/checkpoints/verify', partner.key), 403, 'forbidden');
  });

  it('answers a body declared over the route limit with 413 before it is read, and closes the connection', async () => {
    expectRefusedBeforeBody(await postLargeBody(port, '/v1/opportunities', partner.key), 413, 'payload-too-large');
  });

  it('keeps the connection for a body over the route limit but small enough to drain, so the client reads its 413', async () => {
    const res = await postLargeBody(port, '/v1/opportunities', partner.key, 2 * 1_048_576);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ status: 413, type: problemType('payload-too-large') });
    expect(res.headers).not.toMatch(/connection: close/i);
  });

  it('with Connection: close, reads a drainable body before its 413, so the answer is not lost to a reset', async () => {
    // Answering mid-body and then closing (the client asked to) would reset the connection with the body
    // still arriving, and the client could lose the answer: the whole body is read first.
    const declared = 1_600_000;
    // Sent slowly (64 KiB every 10 ms), so that an early answer would come with most of the body unsent.
    const res = await postLargeBody(port, '/v1/opportunities', partner.key, declared, 'Connection: close\r\n', 10);
    expect(res.status).toBe(413);
    expect(res.sentBeforeAnswer).toBe(declared);
  });

  it('reads the whole body of an ops caller (the control: the test sees a body that is read)', async () => {
    const res = await postLargeBody(port, '/v1/audit/checkpoints/verify', TEST_OPS_KEY);
    expect(res.sentBeforeAnswer).toBe(DECLARED);
    expect(res.status).toBe(400); // parsed, then found not to be a checkpoint
  });
});
