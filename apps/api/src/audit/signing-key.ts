import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/config';

export const AUDIT_KEY_FILE = 'audit-signing-key.pem';

/**
 * The Ed25519 key that signs checkpoints: MAPFLOW_AUDIT_SIGNING_KEY (PKCS#8
 * PEM, or its DER in base64) when set; otherwise one generated on first use
 * and kept in MAPFLOW_DATA_DIR (mode 0600), in both database modes.
 */
export function loadSigningKey(config: Pick<AppConfig, 'auditSigningKey' | 'dataDir'>): KeyObject {
  if (config.auditSigningKey !== undefined) {
    const text = config.auditSigningKey;
    const key = text.includes('BEGIN')
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error('MAPFLOW_AUDIT_SIGNING_KEY must be an Ed25519 private key');
    return key;
  }
  const file = join(config.dataDir, AUDIT_KEY_FILE);
  if (existsSync(file)) return createPrivateKey(readFileSync(file, 'utf8'));
  mkdirSync(config.dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600, flag: 'wx' });
  } catch (error: unknown) {
    // Another process made it first: use that one.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return createPrivateKey(readFileSync(file, 'utf8'));
}
