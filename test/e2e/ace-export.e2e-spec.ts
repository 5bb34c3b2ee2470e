import { CreateOpportunityCommand, PartnerCentralSellingClient } from '@aws-sdk/client-partnercentral-selling';
import request from 'supertest';
import { HerokuCase } from '@mapflow/client';
import { herokuAceProfile, herokuProfile } from '@mapflow/workflow/scenarios/heroku';
import { problemType } from '../support/problem-types';
import { OpportunityDriver } from '../support/opportunity-driver';
import { makeOrg, TEST_OPS_KEY, useTestApp } from '../support/test-app';
import { supertestTransport } from '../support/transport';

/** The HTTP request the SDK builds: its headers and body. */
interface HttpRequest {
  headers: Record<string, string>;
  body: unknown;
}

/** What the SDK would send for `input`: its own serializer's HTTP request, caught before it leaves. */
async function serialized(input: object): Promise<HttpRequest> {
  const client = new PartnerCentralSellingClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
  });
  let caught: HttpRequest | null = null;
  client.middlewareStack.add(
    () => async (args) => {
      caught = args.request as HttpRequest;
      throw new Error('caught');
    },
    { step: 'finalizeRequest', priority: 'low' },
  );
  await client.send(new CreateOpportunityCommand(input as never)).catch(() => undefined);
  client.destroy();
  if (caught === null) throw new Error('the SDK serialised nothing');
  return caught;
}

/**
 * The ACE export (design/ace.md): the Heroku case as Partner Central's
 * `CreateOpportunity` request, checked field by field against the mapping
 * table (README, "ACE"), and serialised by the SDK's own client; 409 naming
 * what is missing; only its partner and ops.
 */
describe('the ACE export (whole app, real PostgreSQL, the SDK serializer)', () => {
  const t = useTestApp();

  it("exports the Heroku case field by field, and the SDK's serializer sends exactly it", async () => {
    const heroku = new HerokuCase({ transport: supertestTransport(t.http), opsKey: TEST_OPS_KEY, suffix: ' (ace)' });
    for (const step of heroku.steps) {
      await step.run();
      if (step.title.startsWith('Intake -> Assess')) break;
    }
    const o = heroku.opportunity;
    const res = await request(t.http)
      .get(`/v1/opportunities/${o.id}/ace`)
      .set('authorization', `Bearer ${heroku.partner.key}`);
    expect(res.status).toBe(200);
    const read = await request(t.http)
      .get(`/v1/opportunities/${o.id}`)
      .set('authorization', `Bearer ${heroku.partner.key}`);
    const createdAt = (read.body as { createdAt: string }).createdAt;
    const ace = herokuAceProfile();
    const profile = herokuProfile();
    // The mapping table, row by row.
    expect(res.body).toEqual({
      Catalog: 'AWS',
      ClientToken: `mapflow-${o.id}`,
      PartnerOpportunityIdentifier: o.id,
      Origin: 'Partner Referral',
      OpportunityType: 'Net New Business',
      NationalSecurity: 'No',
      PrimaryNeedsFromAws: ['Co-Sell - Technical Consultation'],
      Customer: {
        Account: {
          CompanyName: heroku.customer.name,
          WebsiteUrl: ace.customerWebsite,
          Industry: 'Software and Internet',
          Address: { City: 'Austin', PostalCode: '78701', StateOrRegion: 'Texas', CountryCode: 'US' },
        },
      },
      Project: {
        Title: 'Heroku to AWS',
        ApnPrograms: ['Migration Acceleration Program'],
        CustomerBusinessProblem: `${heroku.customer.name} runs ${profile.applications} applications on ${profile.servers} servers and ${profile.databases} databases on Heroku, spending $9,000 a month, and is migrating them to AWS (us-east-1) under the Migration Acceleration Program, committing about $11,000 a month on AWS.`,
        CustomerUseCase: 'Migration / Database Migration',
        DeliveryModels: ['Professional Services'],
        SalesActivities: ['Initialized discussions with customer'],
        ExpectedCustomerSpend: [
          { Amount: '11000.00', CurrencyCode: 'USD', Frequency: 'Monthly', TargetCompany: 'AWS' },
        ],
        CompetitorName: '*Other',
        OtherCompetitorNames: 'Heroku',
      },
      LifeCycle: {
        Stage: 'Qualified',
        TargetCloseDate: new Date(Date.parse(createdAt) + 180 * 86_400_000).toISOString().slice(0, 10),
      },
    });
    const problem = res.body.Project.CustomerBusinessProblem as string;
    expect(problem.length).toBeGreaterThanOrEqual(20);
    expect(problem.length).toBeLessThanOrEqual(2000);

    // The SDK's own client serialises it as the CreateOpportunity operation, every field kept.
    const sent = await serialized(res.body);
    expect(sent.headers['x-amz-target']).toBe('AWSPartnerCentralSelling.CreateOpportunity');
    const body = sent.body instanceof Uint8Array ? new TextDecoder().decode(sent.body) : String(sent.body);
    expect(JSON.parse(body)).toEqual(res.body);
    // Ops may read it too; the customer may not; another partner does not see it.
    expect(
      (await request(t.http).get(`/v1/opportunities/${o.id}/ace`).set('authorization', `Bearer ${TEST_OPS_KEY}`))
        .status,
    ).toBe(200);
    expect(
      (await request(t.http).get(`/v1/opportunities/${o.id}/ace`).set('authorization', `Bearer ${heroku.customer.key}`))
        .status,
    ).toBe(403);
    const other = await makeOrg(t.http, 'partner');
    expect(
      (await request(t.http).get(`/v1/opportunities/${o.id}/ace`).set('authorization', `Bearer ${other.key}`)).status,
    ).toBe(404);
  });

  it('answers 409 listing in words the ACE fields the profile lacks', async () => {
    const o = await new OpportunityDriver(
      t.http,
      await makeOrg(t.http, 'partner'),
      await makeOrg(t.http, 'customer'),
    ).create('No ACE fields yet', herokuProfile());
    const res = await request(t.http)
      .get(`/v1/opportunities/${o.id}/ace`)
      .set('authorization', `Bearer ${o.partner.key}`);
    expect([res.status, res.body.type]).toEqual([409, problemType('state-conflict')]);
    expect((res.body as { missing: { key: string }[] }).missing.map((m) => m.key)).toEqual([
      'customerWebsite',
      'industry',
      'customerAddress.city',
      'customerAddress.postalCode',
      'customerAddress.countryCode',
    ]);
    expect(res.body.detail).toContain("the customer's website (profile.customerWebsite)");
  });
});
