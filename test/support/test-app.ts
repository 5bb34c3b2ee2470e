import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createOrgWithKey, linkPartner, type PartnerLink } from '@mapflow/client';
import { createDataSource } from '@mapflow/persistence';
import type { PartnerTier, Role } from '@mapflow/workflow';
import { createApp } from '../../apps/api/src/app.factory';
import { AppConfig, loadConfig } from '../../apps/api/src/config/config';
import { supertestTransport } from './transport';

/** The bootstrap ops key every e2e app starts with (the first to start creates it). */
export const TEST_OPS_KEY = 'test_ops_bootstrap_key_0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  http: Server;
  dataSource: DataSource;
  config: AppConfig;
  close(): Promise<void>;
}

/** The whole app, as main.ts builds it, on the run's test database. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const url = process.env.MAPFLOW_TEST_DATABASE_URL;
  if (!url) throw new Error('MAPFLOW_TEST_DATABASE_URL is not set: run the e2e suites through jest (global setup)');
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    MAPFLOW_BOOTSTRAP_OPS_KEY: TEST_OPS_KEY,
    MAPFLOW_RATE_LIMIT_PER_MIN: '1000000',
    MAPFLOW_ANON_RATE_LIMIT_PER_MIN: '1000000',
    // Keys made on first use (the checkpoint signing key) go to a temp folder, never into the repo.
    MAPFLOW_DATA_DIR: join(tmpdir(), `mapflow-test-data-${process.pid}`),
    ...env,
  });
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  const app = await createApp(config, dataSource);
  return {
    app,
    http: app.getHttpServer(),
    dataSource,
    config,
    close: async () => {
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

/** An org's kind: the role its users act in (the domain's names). */
export type OrgKind = Role;

export interface TestOrg {
  id: string;
  kind: OrgKind;
  key: string;
  userId: string;
}

let counter = 0;

/**
 * Factory: an org of `kind` (partners default to premier) with one user and its key, made over HTTP by ops.
 * `http` is an in-process server, or the base URL of a running API (the reliability suites).
 */
export async function makeOrg(http: Server | string, kind: OrgKind, tier?: PartnerTier): Promise<TestOrg> {
  counter += 1;
  const name = `${kind} ${counter}`;
  return createOrgWithKey(
    supertestTransport(http),
    TEST_OPS_KEY,
    kind === 'partner' ? { kind, name, tier: tier ?? 'premier' } : { kind, name },
    `user ${counter}`,
  );
}

/** Ops links `partner` to `customer` (idempotent): the partner may then open opportunities for it. */
export function linkOrgs(http: Server | string, customer: TestOrg, partner: TestOrg): Promise<PartnerLink> {
  return linkPartner(supertestTransport(http), TEST_OPS_KEY, customer.id, partner.id);
}
