import { hash, verify } from '@node-rs/argon2';

/** The shortest password a person may choose (design/web.md). */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's
 * minimum for argon2id), as a PHC string that carries its own parameters.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Whether `password` matches the stored PHC string; a malformed hash is a mismatch. */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Why a chosen password is refused, in words, or null: at least
 * {@link MIN_PASSWORD_LENGTH} characters, at most 200, and not the e-mail.
 */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `A password has at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 200) return 'A password has at most 200 characters.';
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return 'The password cannot be your e-mail.';
  return null;
}

/** An argon2id hash of nothing anyone types: verified against when the account is unknown, so both take as long. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoy;
}
