import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Test } from 'supertest';
import { DataSource } from 'typeorm';
import { createOrgWithKey, linkPartner, type OrgKind, type PartnerLink } from '@mapflow/client';
import { createDataSource } from '@mapflow/persistence';
import type { PartnerTier } from '@mapflow/workflow';
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
    // Job workers run only in the suites that test them (the suites share one database).
    MAPFLOW_WORKER: 'off',
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

/** The test app a suite shares: read its fields in tests and in hooks declared after {@link useTestApp}. */
export type SuiteApp = Readonly<Omit<TestApp, 'close'>>;

/**
 * A suite's test app: started (with `env`) in a beforeAll, closed in an afterAll,
 * both registered here, in the describe block that calls it. Its fields may be
 * read once the beforeAll has run: in tests, and in hooks declared after this call.
 * jest runs afterAll hooks in the order they are declared, so the app is closed
 * before any afterAll declared after this call runs.
 */
export function useTestApp(env: Record<string, string> = {}): SuiteApp {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(env);
  });
  afterAll(async () => {
    await started?.close();
  });
  const current = (): TestApp => {
    if (started === undefined) throw new Error('the test app starts in beforeAll: read it in a test or a later hook');
    return started;
  };
  return {
    get app() {
      return current().app;
    },
    get http() {
      return current().http;
    },
    get dataSource() {
      return current().dataSource;
    },
    get config() {
      return current().config;
    },
  };
}

export type { OrgKind };

export interface TestOrg {
  id: string;
  kind: OrgKind;
  name: string;
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

/** POST /v1/orgs as ops with `Idempotency-Key: key` and `body`: the request, for the test to check its answer. */
export function postOrgWithKey(http: Server, key: string, body: object): Test {
  return request(http)
    .post('/v1/orgs')
    .set('authorization', `Bearer ${TEST_OPS_KEY}`)
    .set('idempotency-key', key)
    .send(body);
}
