import { isIP } from 'node:net';
import { resolve } from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** mapflow's configuration, read once from the environment and validated at start. */
export interface AppConfig {
  /** HTTP port (PORT, default 3000). */
  readonly port: number;
  /** Interface to bind (HOST, default 127.0.0.1; the container image sets 0.0.0.0). */
  readonly host: string;
  /** DATABASE_URL; undefined means the embedded default. Contains a secret: never log it. */
  readonly databaseUrl: string | undefined;
  /** MAPFLOW_DATA_DIR: embedded cluster and keys (default ./.data). */
  readonly dataDir: string;
  /**
   * MAPFLOW_PUBLIC_URL: where people reach the web app, without a trailing
   * slash; invitation links start with it (default http://localhost:PORT).
   */
  readonly publicUrl: string;
  /** MAPFLOW_BOOTSTRAP_OPS_KEY: becomes the first ops key when none exists. Secret. */
  readonly bootstrapOpsKey: string | undefined;
  /** MAPFLOW_AUDIT_SIGNING_KEY: Ed25519 private key (PEM or base64 PKCS#8) for checkpoints. Secret. */
  readonly auditSigningKey: string | undefined;
  /** MAPFLOW_RATE_LIMIT_PER_MIN: requests a minute per API key (default 1200). */
  readonly rateLimitPerMin: number;
  /**
   * MAPFLOW_ANON_RATE_LIMIT_PER_MIN: requests a minute per client address
   * that carry no API key or an unknown one (default 120).
   */
  readonly anonRateLimitPerMin: number;
  /**
   * MAPFLOW_TRUST_PROXY: the proxies whose X-Forwarded-For names the client
   * address (addresses, CIDR ranges, or loopback, linklocal, uniquelocal,
   * comma-separated). Empty (the default): the socket's address is the client's.
   */
  readonly trustProxy: readonly string[];
  /** MAPFLOW_AUDIT_VERIFY_CONCURRENCY: audit verifications running at once per process (default 1); more get 429. */
  readonly auditVerifyConcurrency: number;
  /** LOG_LEVEL (default info). */
  readonly logLevel: LogLevel;
  /** MAPFLOW_BODY_LIMIT_BYTES: largest accepted request body (default 1 MiB); larger is 413. */
  readonly bodyLimitBytes: number;
  /**
   * MAPFLOW_CHECKPOINT_BODY_LIMIT_BYTES: largest checkpoint that
   * POST /v1/audit/checkpoints/verify accepts back (default 64 MiB, about
   * 450k opportunities at ~150 bytes a head); every other route keeps
   * MAPFLOW_BODY_LIMIT_BYTES.
   */
  readonly checkpointBodyLimitBytes: number;
  /**
   * MAPFLOW_WORKER: where the job workers (webhook deliveries) run: `in-process` (the
   * default: in this API process) or `off` (only in `npm run worker` processes).
   */
  readonly worker: 'in-process' | 'off';
  /** MAPFLOW_WORKER_CONCURRENCY: jobs a worker runs at once (default 4). */
  readonly workerConcurrency: number;
  /**
   * MAPFLOW_WEBHOOKS_ALLOW_HTTP_LOOPBACK: `true` lets webhooks target plain
   * http on loopback (127.0.0.1, ::1, localhost), for development and tests.
   * Off by default: https only, never a private, loopback or link-local address.
   */
  readonly webhooksAllowHttpLoopback: boolean;
  /**
   * MAPFLOW_SMTP_URL: the SMTP server e-mail goes through
   * (`smtp://user:password@host:587`, or `smtps://` for TLS from the start).
   * Unset (the default): no e-mail is sent and nothing fails; the web app's
   * inbox shows the same. Contains a secret: never log it.
   */
  readonly smtpUrl: string | undefined;
  /** MAPFLOW_MAIL_FROM: the sender of mapflow's e-mail (default `mapflow <mapflow@` the public URL's host `>`). */
  readonly mailFrom: string;
  /** MAPFLOW_NOTIFY_INTERVAL_SECONDS: how often the worker looks for people to tell (default 60). */
  readonly notifyIntervalSeconds: number;
  /** MAPFLOW_ROUTING_SWEEP_SECONDS: how often the worker looks for lapsed offers (default 60). */
  readonly routingSweepSeconds: number;
  /** MAPFLOW_ACE_CATALOG: the Partner Central catalog the ACE export and sync name, `AWS` (default) or `Sandbox`. */
  readonly aceCatalog: 'AWS' | 'Sandbox';
  /**
   * MAPFLOW_ACE_SYNC: `on` keeps each version-2 opportunity with its ACE fields in Partner Central
   * (create, submit, AWS's review read back); `off` (the default) sends nothing to AWS.
   */
  readonly aceSync: 'on' | 'off';
  /** MAPFLOW_ACE_REGION: the Partner Central API's region (default us-east-1). */
  readonly aceRegion: string;
  /** MAPFLOW_ACE_ENDPOINT: an endpoint override (a local stand-in in the tests); unset: AWS's. */
  readonly aceEndpoint: string | undefined;
  /** MAPFLOW_ACE_SWEEP_SECONDS: how often the worker syncs changed opportunities and reads reviews back (default 30). */
  readonly aceSweepSeconds: number;
  /** MAPFLOW_ACE_SOLUTION_ID: the partner's MAP solution in Partner Central, associated with each ACE opportunity. */
  readonly aceSolutionId: string | undefined;
  /**
   * MAPFLOW_ACE_MAP_BENEFIT_ID: the MAP benefit's identifier in the Partner Central Benefits API (its
   * ListBenefits, program MAP); the benefit-application export needs it.
   */
  readonly aceMapBenefitId: string | undefined;
  /** MAPFLOW_INQUIRY_FORM_PER_HOUR: posts of the public inquiry form an address may make in an hour (default 5). */
  readonly inquiryFormPerHour: number;
}

/** A configuration value that cannot be used; its message is one line naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** The names of ranges that proxy addresses may be given by, as Fastify's trustProxy reads them. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** One proxy: an IPv4 or IPv6 address, optionally with a prefix length, or a named range. */
function isProxy(entry: string): boolean {
  if (PROXY_RANGES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function proxies(env: Env, name: string): string[] {
  const raw = optional(env, name);
  if (raw === undefined) return [];
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !isProxy(entry));
  if (bad !== undefined) {
    throw new ConfigError(
      `${name} must list proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal), comma-separated; "${bad}" is none of these`,
    );
  }
  return entries;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = optional(env, name) ?? fallback;
  const found = values.find((v) => v === raw);
  if (found === undefined) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  return found;
}

function optional(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function aceRegion(env: Env): string {
  const region = optional(env, 'MAPFLOW_ACE_REGION') ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region))
    throw new ConfigError(`MAPFLOW_ACE_REGION must be an AWS region, got "${region}"`);
  return region;
}

function aceEndpoint(env: Env): string | undefined {
  const endpoint = optional(env, 'MAPFLOW_ACE_ENDPOINT');
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(endpoint))
    throw new ConfigError('MAPFLOW_ACE_ENDPOINT must be an http:// or https:// URL with no path');
  return endpoint;
}

/** Reads and validates the configuration; throws a {@link ConfigError} with one clear line. */
export function loadConfig(env: Env = process.env): AppConfig {
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const bootstrapOpsKey = optional(env, 'MAPFLOW_BOOTSTRAP_OPS_KEY');
  if (bootstrapOpsKey !== undefined && !/^[A-Za-z0-9_\-.~]{24,200}$/.test(bootstrapOpsKey)) {
    throw new ConfigError('MAPFLOW_BOOTSTRAP_OPS_KEY must be 24 to 200 URL-safe characters');
  }
  const logLevel = (optional(env, 'LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${String(env.LOG_LEVEL)}"`);
  }
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const publicUrl = (optional(env, 'MAPFLOW_PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(publicUrl)) {
    throw new ConfigError('MAPFLOW_PUBLIC_URL must be an http:// or https:// URL');
  }
  const smtpUrl = optional(env, 'MAPFLOW_SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/\s]+\/?$/.test(smtpUrl)) {
    throw new ConfigError('MAPFLOW_SMTP_URL must be an smtp:// or smtps:// URL (smtp://user:password@host:587)');
  }
  const mailFrom = optional(env, 'MAPFLOW_MAIL_FROM') ?? `mapflow <mapflow@${new URL(publicUrl).hostname}>`;
  if (!/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/.test(mailFrom)) {
    throw new ConfigError(
      'MAPFLOW_MAIL_FROM must be an address, optionally with a name: mapflow <mapflow@example.com>',
    );
  }
  return {
    port,
    publicUrl,
    host: optional(env, 'HOST') ?? '127.0.0.1',
    databaseUrl,
    dataDir: resolve(optional(env, 'MAPFLOW_DATA_DIR') ?? '.data'),
    bootstrapOpsKey,
    auditSigningKey: optional(env, 'MAPFLOW_AUDIT_SIGNING_KEY'),
    rateLimitPerMin: integer(env, 'MAPFLOW_RATE_LIMIT_PER_MIN', 1200, 1, 10_000_000),
    anonRateLimitPerMin: integer(env, 'MAPFLOW_ANON_RATE_LIMIT_PER_MIN', 120, 1, 10_000_000),
    trustProxy: proxies(env, 'MAPFLOW_TRUST_PROXY'),
    auditVerifyConcurrency: integer(env, 'MAPFLOW_AUDIT_VERIFY_CONCURRENCY', 1, 1, 64),
    logLevel,
    bodyLimitBytes: integer(env, 'MAPFLOW_BODY_LIMIT_BYTES', 1_048_576, 1024, 64 * 1_048_576),
    checkpointBodyLimitBytes: integer(
      env,
      'MAPFLOW_CHECKPOINT_BODY_LIMIT_BYTES',
      64 * 1_048_576,
      1024,
      1024 * 1_048_576,
    ),
    worker: oneOf(env, 'MAPFLOW_WORKER', ['in-process', 'off'] as const, 'in-process'),
    workerConcurrency: integer(env, 'MAPFLOW_WORKER_CONCURRENCY', 4, 1, 100),
    webhooksAllowHttpLoopback:
      oneOf(env, 'MAPFLOW_WEBHOOKS_ALLOW_HTTP_LOOPBACK', ['true', 'false'] as const, 'false') === 'true',
    smtpUrl,
    mailFrom,
    notifyIntervalSeconds: integer(env, 'MAPFLOW_NOTIFY_INTERVAL_SECONDS', 60, 1, 86_400),
    routingSweepSeconds: integer(env, 'MAPFLOW_ROUTING_SWEEP_SECONDS', 60, 1, 86_400),
    inquiryFormPerHour: integer(env, 'MAPFLOW_INQUIRY_FORM_PER_HOUR', 5, 1, 1_000_000),
    aceCatalog: oneOf(env, 'MAPFLOW_ACE_CATALOG', ['AWS', 'Sandbox'] as const, 'AWS'),
    aceSync: oneOf(env, 'MAPFLOW_ACE_SYNC', ['on', 'off'] as const, 'off'),
    aceRegion: aceRegion(env),
    aceEndpoint: aceEndpoint(env),
    aceSweepSeconds: integer(env, 'MAPFLOW_ACE_SWEEP_SECONDS', 30, 1, 86_400),
    aceSolutionId: optional(env, 'MAPFLOW_ACE_SOLUTION_ID'),
    aceMapBenefitId: optional(env, 'MAPFLOW_ACE_MAP_BENEFIT_ID'),
  };
}

/** Injection token for {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');
