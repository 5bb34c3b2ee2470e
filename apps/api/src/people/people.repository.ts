import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { OrgKind, PartnerTierName } from '@mapflow/persistence';
import type { Caller } from '../auth/caller';

/** A person who may sign in, with what signing in needs. */
export interface Person {
  userId: string;
  email: string;
  name: string;
  passwordHash: string;
  totpSecret: string | null;
  totpEnabled: boolean;
  caller: Caller;
}

/** A live session and its person. */
export interface LiveSession {
  id: string;
  secondFactorDone: boolean;
  person: Omit<Person, 'passwordHash'>;
}

/** An invitation as its link shows it. */
export interface InvitationRecord {
  id: string;
  orgId: string;
  orgName: string;
  email: string;
  expiresAt: Date;
  acceptedAt: Date | null;
}

interface PersonRow {
  user_id: string;
  email: string;
  name: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  org_id: string;
  kind: OrgKind;
  tier: PartnerTierName | null;
}

const PERSON_COLUMNS = `u.id AS user_id, u.email, u.name, u.password_hash, u.totp_secret, u.totp_enabled_at,
  o.id AS org_id, o.kind, o.tier`;

function personOf(row: PersonRow): Person {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpEnabled: row.totp_enabled_at !== null,
    caller: { userId: row.user_id, orgId: row.org_id, role: row.kind, tier: row.tier },
  };
}

/** People, invitations, sessions and failed sign-ins (migration People1764190000000). */
/** An invitation as ops lists it. */
export interface InvitationSummary {
  id: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
}

@Injectable()
export class PeopleRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async personByEmail(email: string): Promise<Person | null> {
    const rows = await this.db.query<PersonRow[]>(
      `SELECT ${PERSON_COLUMNS} FROM users u JOIN orgs o ON o.id = u.org_id
        WHERE lower(u.email) = lower($1) AND u.password_hash IS NOT NULL`,
      [email],
    );
    return rows[0] ? personOf(rows[0]) : null;
  }

  async emailTaken(tx: EntityManager, email: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [email]);
    return rows.length > 0;
  }

  async insertInvitation(
    tx: EntityManager,
    invitation: { orgId: string; email: string; tokenHash: string; createdBy: string; expiresAt: Date },
  ): Promise<string> {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO invitations (id, org_id, email, token_hash, created_by_user_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, invitation.orgId, invitation.email, invitation.tokenHash, invitation.createdBy, invitation.expiresAt],
    );
    return id;
  }

  /** The org's invitations, newest first (never their tokens: only hashes are kept). */
  async invitationsOf(orgId: string): Promise<InvitationSummary[]> {
    return this.db.query<InvitationSummary[]>(
      `SELECT id, email, created_at AS "createdAt", expires_at AS "expiresAt", accepted_at AS "acceptedAt"
         FROM invitations WHERE org_id = $1 ORDER BY created_at DESC, id`,
      [orgId],
    );
  }

  /** The invitation behind a link's token, locked for the transaction when `tx` is given. */
  async invitationByTokenHash(hash: string, tx?: EntityManager): Promise<InvitationRecord | null> {
    const rows = await (tx ?? this.db).query<
      { id: string; org_id: string; org_name: string; email: string; expires_at: Date; accepted_at: Date | null }[]
    >(
      `SELECT i.id, i.org_id, o.name AS org_name, i.email, i.expires_at, i.accepted_at
         FROM invitations i JOIN orgs o ON o.id = i.org_id WHERE i.token_hash = $1${tx ? ' FOR UPDATE OF i' : ''}`,
      [hash],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          orgId: row.org_id,
          orgName: row.org_name,
          email: row.email,
          expiresAt: row.expires_at,
          acceptedAt: row.accepted_at,
        }
      : null;
  }

  /** Creates the invited person and marks the invitation used, in `tx`. */
  async acceptInvitation(
    tx: EntityManager,
    invitation: InvitationRecord,
    person: { name: string; passwordHash: string },
  ): Promise<string> {
    const userId = randomUUID();
    await tx.query(`INSERT INTO users (id, org_id, name, email, password_hash) VALUES ($1, $2, $3, $4, $5)`, [
      userId,
      invitation.orgId,
      person.name,
      invitation.email,
      person.passwordHash,
    ]);
    await tx.query(`UPDATE invitations SET accepted_at = now(), user_id = $2 WHERE id = $1`, [invitation.id, userId]);
    return userId;
  }

  /** Failed sign-ins within the last `windowMs`, for the account and for the address. */
  async recentFailures(
    account: string,
    address: string,
    windowMs: number,
  ): Promise<{ account: number; address: number }> {
    const rows = await this.db.query<{ account: string; address: string }[]>(
      `SELECT count(*) FILTER (WHERE account = $1) AS account, count(*) FILTER (WHERE address = $2) AS address
         FROM sign_in_failures
        WHERE (account = $1 OR address = $2) AND at > now() - make_interval(secs => $3)`,
      [account, address, windowMs / 1000],
    );
    return { account: Number(rows[0]?.account ?? 0), address: Number(rows[0]?.address ?? 0) };
  }

  async recordFailure(account: string, address: string): Promise<void> {
    await this.db.query(
      `WITH gone AS (DELETE FROM sign_in_failures WHERE at < now() - interval '1 day')
       INSERT INTO sign_in_failures (account, address) VALUES ($1, $2)`,
      [account.slice(0, 320), address.slice(0, 64)],
    );
  }

  async insertSession(session: {
    tokenHash: string;
    userId: string;
    expiresAt: Date;
    secondFactorDone: boolean;
  }): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO sessions (id, token_hash, user_id, expires_at, second_factor_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)`,
      [id, session.tokenHash, session.userId, session.expiresAt, session.secondFactorDone],
    );
    return id;
  }

  /**
   * The live session behind a cookie's token hash (not ended, not expired,
   * not idle for `idleMs`), its last-seen time moved to now, or null.
   */
  async touchSession(hash: string, idleMs: number): Promise<LiveSession | null> {
    const rows = await this.db.query<(PersonRow & { session_id: string; second_factor_at: Date | null })[]>(
      `WITH live AS (
         UPDATE sessions SET last_seen_at = now()
          WHERE token_hash = $1 AND ended_at IS NULL AND expires_at > now()
            AND last_seen_at > now() - make_interval(secs => $2)
         RETURNING id, user_id, second_factor_at)
       SELECT s.id AS session_id, s.second_factor_at, ${PERSON_COLUMNS}
         FROM live s JOIN users u ON u.id = s.user_id JOIN orgs o ON o.id = u.org_id`,
      [hash, idleMs / 1000],
    );
    const row = rows[0];
    if (!row) return null;
    const { passwordHash: _unused, ...person } = personOf(row);
    return { id: row.session_id, secondFactorDone: row.second_factor_at !== null, person };
  }

  async endSession(id: string): Promise<void> {
    await this.db.query(`UPDATE sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL`, [id]);
  }

  async markSecondFactor(sessionId: string): Promise<void> {
    await this.db.query(`UPDATE sessions SET second_factor_at = now() WHERE id = $1`, [sessionId]);
  }

  async setTotpSecret(userId: string, secret: string): Promise<void> {
    await this.db.query(`UPDATE users SET totp_secret = $2 WHERE id = $1 AND totp_enabled_at IS NULL`, [
      userId,
      secret,
    ]);
  }

  async enableTotp(userId: string): Promise<void> {
    await this.db.query(`UPDATE users SET totp_enabled_at = now() WHERE id = $1 AND totp_enabled_at IS NULL`, [userId]);
  }
}
