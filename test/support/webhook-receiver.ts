import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** A delivery as the receiver took it: its `webhook-id`, body, and whether its signature verified. */
export interface Received {
  /** The path and query it was POSTed to (a subscription's own URL). */
  to: string;
  id: string;
  body: { id: string; type: string; opportunityId: string; seq: number; eventType: string; state: string };
  verified: boolean;
  /** Whether `secret` alone verifies its signature. */
  signedWith(secret: string): boolean;
}

/**
 * A webhook receiver on loopback, as a partner's CRM would be: it verifies
 * every delivery's Standard Webhooks signature with the secrets it was given,
 * answers 204 (or, while `down`, 503), and keeps what it took.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Answers 503 to everything while true. */
  down = false;
  /** How long it takes to answer 503 while down (a struggling server is slow to say so). */
  downAnswerMs = 0;
  private server: Server | null = null;
  private secrets: string[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.down) {
          setTimeout(() => res.writeHead(503).end(), this.downAnswerMs);
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const verified = this.secrets.some((s) => verifies(s, text, req.headers));
        this.received.push({
          to: req.url ?? '',
          id: String(req.headers['webhook-id']),
          body: JSON.parse(text) as Received['body'],
          verified,
          signedWith: (secret) => verifies(secret, text, req.headers),
        });
        res.writeHead(verified ? 204 : 401).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** A secret deliveries are signed with (a subscription's). */
  trust(secret: string): void {
    this.secrets.push(secret);
  }

  /**
   * What it took of one opportunity (at one subscription's URL, when given), each `webhook-id` once
   * (receivers deduplicate), in arrival order.
   */
  of(opportunityId: string, to?: string): Received[] {
    const seen = new Set<string>();
    return this.received.filter(
      (r) =>
        r.body.opportunityId === opportunityId &&
        (to === undefined || r.to === to) &&
        !seen.has(r.id) &&
        seen.add(r.id),
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function verifies(secret: string, body: string, headers: IncomingHttpHeaders): boolean {
  try {
    new Webhook(secret).verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    });
    return true;
  } catch {
    return false;
  }
}

/** Waits until `done()` holds, checking every 100 ms, for at most `ms`. */
export async function until(done: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
