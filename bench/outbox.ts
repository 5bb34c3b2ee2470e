import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';

/** A webhook receiver on loopback that answers 204 to every delivery and counts them. */
export async function startReceiver(): Promise<{ url: string; received(): number; close(): Promise<void> }> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received: () => received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Subscribes `key`'s org to every event at `url`; answers the subscription's id. */
export async function subscribe(base: string, key: string, url: string): Promise<string> {
  const res = await fetch(`${base}/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url, events: ['*'] }),
  });
  if (res.status !== 201) throw new Error(`POST /v1/webhooks: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export async function unsubscribe(base: string, key: string, id: string): Promise<void> {
  const res = await fetch(`${base}/v1/webhooks/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${key}` },
  });
  if (res.status !== 204) throw new Error(`DELETE /v1/webhooks/${id}: ${res.status}`);
}

/**
 * Waits until every committed entry of the subscriber's opportunities has
 * been dispatched and delivered (no dispatch or deliver job left, no pending
 * delivery), at most `timeoutMs`; answers the seconds it took.
 */
export async function drained(pool: Pool, subscriptionId: string, timeoutMs = 300_000): Promise<number> {
  const t = performance.now();
  for (;;) {
    const { rows } = await pool.query<{ jobs: number; pending: number }>(
      `SELECT (SELECT count(*)::int FROM graphile_worker.jobs WHERE task_identifier IN ('dispatch', 'deliver') AND attempts < max_attempts) AS jobs,
              (SELECT count(*)::int FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'pending') AS pending`,
      [subscriptionId],
    );
    if (rows[0]?.jobs === 0 && rows[0]?.pending === 0) return (performance.now() - t) / 1000;
    if (performance.now() - t > timeoutMs) throw new Error(`deliveries not drained within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
