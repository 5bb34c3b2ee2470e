import { hash, randomBytes } from 'node:crypto';

/** A new API key: 32 random bytes, URL-safe, with a recognisable prefix. */
export function generateApiKey(): string {
  return `mf_${randomBytes(32).toString('base64url')}`;
}

/** What is stored for a key: its SHA-256, hex. The key itself is never stored or logged. */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** The key in an `Authorization: Bearer <key>` header, or null when absent or malformed. */
export function bearerKey(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/=]{1,512})\s*$/i.exec(header);
  return match?.[1] ?? null;
}
