import { herokuProfile, OpportunityDriver } from '../../support/opportunity-driver';
import { linkOrgs, makeOrg, TestOrg } from '../../support/test-app';

/** The orgs and opportunities a suite drives. */
export interface World {
  partner: TestOrg;
  customers: TestOrg[];
  /** Opportunity ids, and the version each was left at. */
  ids: string[];
  versions: Map<string, number>;
}

export interface WorldOptions {
  opportunities: number;
  /** `assess`: a complete Heroku profile, then ADVANCE (the checklist events are open there). */
  phase: 'intake' | 'assess';
  /** One customer per opportunity keeps stacking facts (other opportunities' workloads) empty. */
  customerPerOpportunity: boolean;
}

/** A customer org, linked by ops to `partner` so that it may open opportunities for it. */
async function linkedCustomer(baseUrl: string, partner: TestOrg): Promise<TestOrg> {
  const customer = await makeOrg(baseUrl, 'customer');
  await linkOrgs(baseUrl, customer, partner);
  return customer;
}

/** Makes a premier partner, its customers (linked to it) and opportunities over HTTP, on a running API. */
export async function makeWorld(baseUrl: string, options: WorldOptions): Promise<World> {
  const partner = await makeOrg(baseUrl, 'partner', 'premier');
  const customers: TestOrg[] = [await linkedCustomer(baseUrl, partner)];
  const world: World = { partner, customers, ids: [], versions: new Map() };
  for (let i = 0; i < options.opportunities; i += 1) {
    if (options.customerPerOpportunity && i > 0) customers.push(await linkedCustomer(baseUrl, partner));
    const customer = customers[customers.length - 1] as TestOrg;
    const driver = new OpportunityDriver(baseUrl, partner, customer);
    if (options.phase === 'assess') {
      await driver.create(`Reliability ${i}`, herokuProfile());
      await driver.p({ type: 'ADVANCE' });
    } else {
      await driver.create(`Reliability ${i}`);
    }
    world.ids.push(driver.id);
    world.versions.set(driver.id, driver.version);
  }
  return world;
}
