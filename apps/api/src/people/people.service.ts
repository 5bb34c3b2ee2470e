import { Inject, Injectable } from '@nestjs/common';
import * as OTPAuth from 'otpauth';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { decoyHash, hashPassword, passwordMatches, passwordProblem } from './passwords';
import { InvitationRecord, InvitationSummary, LiveSession, PeopleRepository } from './people.repository';
import { newToken, tokenHash } from './tokens';

const HOUR_MS = 3_600_000;
/** An invitation link is good for 72 hours, once. */
export const INVITATION_TTL_MS = 72 * HOUR_MS;
/** A session ends 12 hours after sign-in, or after 2 idle hours. */
export const SESSION_TTL_MS = 12 * HOUR_MS;
export const SESSION_IDLE_MS = 2 * HOUR_MS;
/** Failed sign-ins counted over 15 minutes: 5 per account, 20 per address, then every try is refused. */
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const FAILURES_PER_ACCOUNT = 5;
export const FAILURES_PER_ADDRESS = 20;

/** The one message for every refused sign-in: it never says which part was wrong, or that it was throttled. */
export const SIGN_IN_REFUSED =
  'The e-mail and password do not match an account, or there were too many tries: wait a few minutes and try again.';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

/** Why an e-mail is refused, or null. */
export function emailProblem(email: string): string | null {
  return EMAIL.test(email) && email.length <= 320 ? null : 'Give an e-mail address such as name@example.com.';
}

export interface NewInvitation {
  id: string;
  orgId: string;
  email: string;
  /** The link to send the person: shown once. */
  link: string;
  expiresAt: string;
}

export interface SignedIn {
  /** The cookie's token: shown to the browser only. */
  token: string;
  /** What the person must do before the app opens: nothing, enrol TOTP, or give a TOTP code. */
  next: 'app' | 'totp-enrol' | 'totp';
}

/** The invitation, while its link may still be used; 404 for an unknown, used or lapsed one. */
function usable(invitation: InvitationRecord | null): InvitationRecord {
  if (invitation === null || invitation.acceptedAt !== null || invitation.expiresAt.getTime() <= Date.now()) {
    throw new AppError(ErrorCode.NotFound, 'This invitation link is unknown, used or lapsed: ask ops for a new one.');
  }
  return invitation;
}

function totpOf(secret: string, email: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'mapflow',
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

/**
 * People who sign in to the web app: invitations from ops, passwords
 * (argon2id), sessions kept in PostgreSQL, throttled failures, and the TOTP
 * second factor of ops people. A session resolves to the same {@link Caller}
 * as an API key of the same org.
 */
@Injectable()
export class PeopleService {
  constructor(
    private readonly people: PeopleRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Ops invites a person to an org (the org must exist: 404 otherwise); the link is returned once. */
  async invite(caller: Caller, orgId: string, email: string): Promise<NewInvitation> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
    const id = await this.people.transaction(async (tx) => {
      const orgs = await tx.query<unknown[]>(`SELECT 1 FROM orgs WHERE id = $1`, [orgId]);
      if (orgs.length === 0) throw new AppError(ErrorCode.NotFound, `No org ${orgId}`);
      if (await this.people.emailTaken(tx, email)) {
        throw new AppError(ErrorCode.StateConflict, `${email} already belongs to a person who signs in`);
      }
      return this.people.insertInvitation(tx, {
        orgId,
        email,
        tokenHash: tokenHash(token),
        createdBy: caller.userId,
        expiresAt,
      });
    });
    return {
      id,
      orgId,
      email,
      link: `${this.config.publicUrl}/app/invitations/${token}`,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** The org's invitations, for ops (newest first). */
  invitationsOf(orgId: string): Promise<InvitationSummary[]> {
    return this.people.invitationsOf(orgId);
  }

  /** The invitation behind a link, while it may still be used; 404 for an unknown, used or lapsed link. */
  async openInvitation(token: string): Promise<InvitationRecord> {
    return usable(await this.people.invitationByTokenHash(tokenHash(token)));
  }

  /**
   * Sets the invited person's name and password and signs them in. A
   * refused password is 400 with the reason; a used or lapsed link is 404.
   */
  async acceptInvitation(token: string, name: string, password: string): Promise<SignedIn> {
    const hash = tokenHash(token);
    const invitation = await this.openInvitation(token);
    const problem = passwordProblem(password, invitation.email) ?? (name.trim() === '' ? 'Give your name.' : null);
    if (problem !== null) throw new AppError(ErrorCode.Validation, problem);
    const passwordHash = await hashPassword(password);
    await this.people.transaction(async (tx) => {
      const locked = await this.people.invitationByTokenHash(hash, tx);
      if (locked === null || locked.acceptedAt !== null || locked.expiresAt.getTime() <= Date.now()) {
        throw new AppError(
          ErrorCode.NotFound,
          'This invitation link is unknown, used or lapsed: ask ops for a new one.',
        );
      }
      if (await this.people.emailTaken(tx, locked.email)) {
        throw new AppError(ErrorCode.StateConflict, `${locked.email} already belongs to a person who signs in`);
      }
      await this.people.acceptInvitation(tx, locked, { name: name.trim().slice(0, 200), passwordHash });
    });
    return this.signIn(invitation.email, password, 'invitation');
  }

  /**
   * Signs a person in, or refuses with {@link SIGN_IN_REFUSED} (401) whether
   * the account is unknown, the password wrong, or the account or the
   * address past its failure limit; each refusal counts as a failure.
   */
  async signIn(email: string, password: string, address: string): Promise<SignedIn> {
    const account = email.trim().toLowerCase();
    const recent = await this.people.recentFailures(account, address, FAILURE_WINDOW_MS);
    const throttled = recent.account >= FAILURES_PER_ACCOUNT || recent.address >= FAILURES_PER_ADDRESS;
    const person = throttled ? null : await this.people.personByEmail(account);
    // An unknown account costs one argon2 verification too, so timing does not tell accounts apart.
    const matches = await passwordMatches(person?.passwordHash ?? (await decoyHash()), password);
    if (person === null || !matches) {
      await this.people.recordFailure(account, address);
      throw new AppError(ErrorCode.Unauthenticated, SIGN_IN_REFUSED);
    }
    const token = newToken();
    const isOps = person.caller.role === 'ops';
    await this.people.insertSession({
      tokenHash: tokenHash(token),
      userId: person.userId,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      secondFactorDone: !isOps,
    });
    return { token, next: !isOps ? 'app' : person.totpEnabled ? 'totp' : 'totp-enrol' };
  }

  /** The live session behind a cookie's token, or null (unknown, ended, expired or idle). */
  session(token: string): Promise<LiveSession | null> {
    return this.people.touchSession(tokenHash(token), SESSION_IDLE_MS);
  }

  async signOut(session: LiveSession): Promise<void> {
    await this.people.endSession(session.id);
  }

  /** The secret an ops person enrols (made once, kept until confirmed) and its otpauth:// URI. */
  async totpEnrolment(session: LiveSession): Promise<{ secret: string; uri: string }> {
    const { person } = session;
    if (person.totpEnabled) throw new AppError(ErrorCode.StateConflict, 'Your second factor is enrolled already.');
    let secret = person.totpSecret;
    if (secret === null) {
      secret = new OTPAuth.Secret({ size: 20 }).base32;
      await this.people.setTotpSecret(person.userId, secret);
    }
    return { secret, uri: totpOf(secret, person.email).toString() };
  }

  /** Checks a TOTP code (one step of clock drift either way): enrols on the first good code, and completes the session. */
  async giveTotp(session: LiveSession, code: string): Promise<void> {
    const { person } = session;
    const secret = person.totpSecret;
    const good =
      secret !== null &&
      /^\d{6}$/.test(code) &&
      totpOf(secret, person.email).validate({ token: code, window: 1 }) !== null;
    if (!good) throw new AppError(ErrorCode.Validation, 'That code is not the one your authenticator shows now.');
    if (!person.totpEnabled) await this.people.enableTotp(person.userId);
    await this.people.markSecondFactor(session.id);
  }
}
