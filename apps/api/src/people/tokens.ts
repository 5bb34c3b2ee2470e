import { hash, randomBytes } from 'node:crypto';

/** A new secret token for a link or a cookie: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored for a token: its SHA-256, hex. The token itself is never stored or logged. */
export function tokenHash(token: string): string {
  return hash('sha256', token, 'hex');
}

/** The CSRF token of a session: derived from its cookie's token, which script cannot read (HttpOnly). */
export function csrfTokenOf(sessionToken: string): string {
  return hash('sha256', `csrf:${sessionToken}`, 'base64url');
}

/** A token as it may appear in a URL or a cookie: 43 URL-safe characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
