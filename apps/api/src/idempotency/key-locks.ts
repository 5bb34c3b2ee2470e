import { Client } from 'pg';

/** Namespace of the advisory locks below (others: the bootstrap key, customers' stacking checks). */
const PREFIX = 'mapflow:idempotency:';

/**
 * Who is running the first request of each Idempotency-Key, across every API
 * process on the database: the process holds a PostgreSQL session-level
 * advisory lock on the key while the request runs. All of a process's locks
 * live on one session of its own (not a pooled connection, so they cost the
 * pool nothing), and PostgreSQL releases them the moment that session ends:
 * when the process dies, however it dies, its keys are free at once. So a key
 * whose lock is free has no live first request, and one whose lock is taken
 * has one, however long it runs. A session-level lock is re-entrant within its
 * session, so this process also remembers which keys it holds.
 */
export class KeyLocks {
  private session: Promise<Client> | null = null;
  /** Keys whose lock this process holds. */
  private readonly held = new Set<string>();
  /** Keys whose lock this process is asking for. */
  private readonly asking = new Set<string>();
  private closed = false;

  constructor(private readonly url: string) {}

  /** Takes the lock of `id` when no request holds it, here or elsewhere; false when one does. */
  async tryHold(id: string): Promise<boolean> {
    if (this.held.has(id) || this.asking.has(id)) return false;
    this.asking.add(id);
    try {
      const client = await this.connect();
      const rows = await client.query<{ held: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held',
        [PREFIX + id],
      );
      if (rows.rows[0]?.held !== true) return false;
      this.held.add(id);
      return true;
    } finally {
      this.asking.delete(id);
    }
  }

  /** Lets go of `id`. Never throws: a lock whose session is gone is already free. */
  async release(id: string): Promise<void> {
    if (!this.held.delete(id) || this.session === null) return;
    try {
      const client = await this.session;
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [PREFIX + id]);
    } catch {
      // The session ended, and PostgreSQL released its locks with it.
    }
  }

  /** Ends the session (and with it every lock). */
  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = null;
    if (session !== null) await session.then((client) => client.end()).catch(() => undefined);
  }

  /**
   * The lock session, opened on first use and again after it was lost (a
   * database restart): then the keys this process still runs are locked
   * again, unless another process took one over meanwhile.
   */
  private connect(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('Connection terminated: the API is stopping'));
    if (this.session !== null) return this.session;
    const client = new Client({
      connectionString: this.url,
      application_name: 'mapflow idempotency',
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    const session = (async () => {
      await client.connect();
      for (const id of this.held) {
        await client.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0))', [PREFIX + id]);
      }
      return client;
    })();
    const lost = (): void => {
      if (this.session === session) this.session = null;
      void client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', lost);
    session.catch(lost);
    this.session = session;
    return session;
  }
}
