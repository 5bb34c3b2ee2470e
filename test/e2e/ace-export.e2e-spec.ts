import { CreateOpportunityCommand, PartnerCentralSellingClient } from '@aws-sdk/client-partnercentral-selling';
import { CreateBenefitApplicationCommand, PartnerCentralBenefitsClient } from '@aws-sdk/client-partnercentral-benefits';
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

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };

/** A middleware that keeps the request the SDK built, then stops it before it leaves. */
function catcher(keep: (r: HttpRequest) => void) {
  return () => async (args: { request: unknown }) => {
    keep(args.request as HttpRequest);
    throw new Error('caught');
  };
}

/** What an SDK client would send: its own serializer's HTTP request, caught before it leaves. */
async function serialized(input: object, benefits = false): Promise<HttpRequest> {
  let caught: HttpRequest | null = null;
  const keep = (r: HttpRequest): void => {
    caught = r;
  };
  const where = { step: 'finalizeRequest', priority: 'low' } as const;
  if (benefits) {
    const client = new PartnerCentralBenefitsClient({ region: 'us-east-1', credentials: CREDENTIALS });
    client.middlewareStack.add(catcher(keep), where);
    await client.send(new CreateBenefitApplicationCommand(input as never)).catch(() => undefined);
    client.destroy();
  } else {
    const client = new PartnerCentralSellingClient({ region: 'us-east-1', credentials: CREDENTIALS });
    client.middlewareStack.add(catcher(keep), where);
    await client.send(new CreateOpportunityCommand(input as never)).catch(() => undefined);
    client.destroy();
  }
  if (caught === null) throw new Error('the SDK serialised nothing');
  return caught;
}

const bodyOf = (r: HttpRequest): string =>
  r.body instanceof Uint8Array ? new TextDecoder().decode(r.body) : String(r.body);

/**
 * The ACE export (design/ace.md): the Heroku case as Partner Central's
 * `CreateOpportunity` request, checked field by field against the mapping
 * table (README, "ACE"), and serialised by the SDK's own client; 409 naming
 * what is missing; only its partner and ops.
 */
describe('the ACE export (whole app, real PostgreSQL, the SDK serializer)', () => {
  const t = useTestApp({ MAPFLOW_ACE_MAP_BENEFIT_ID: 'ben-map-0123456789' });

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
    expect(JSON.parse(bodyOf(sent))).toEqual(res.body);
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

  it("exports a fund request as the Benefits API's CreateBenefitApplication request, and its SDK serialises it", async () => {
    const heroku = new HerokuCase({
      transport: supertestTransport(t.http),
      opsKey: TEST_OPS_KEY,
      suffix: ' (benefits)',
    });
    for (const step of heroku.steps) await step.run();
    const o = heroku.opportunity;
    const path = `/v1/opportunities/${o.id}/fund-requests/mobilize_partner_funding/benefit-application`;
    const res = await request(t.http).get(path).set('authorization', `Bearer ${heroku.partner.key}`);
    expect(res.status).toBe(200);
    const read = (
      await request(t.http).get(`/v1/opportunities/${o.id}`).set('authorization', `Bearer ${heroku.partner.key}`)
    ).body as {
      ace: { aceOpportunityId: string };
      mapAgreement: { mpeId: string };
      fundRequests: {
        tranche: string;
        name: string;
        requestedCents: number;
        projectStartDate: string;
        projectEndDate: string;
        workloads: string[];
        awsFundRequestId: string;
      }[];
    };
    const fr = read.fundRequests.filter((r) => r.tranche === 'mobilize_partner_funding').at(-1);
    expect(res.body).toEqual({
      Catalog: 'AWS',
      ClientToken: `mapflow-${o.id}-mobilize`,
      BenefitIdentifier: 'ben-map-0123456789',
      Name: fr?.name,
      Description: `Migration Acceleration Program mobilize funding for "Heroku to AWS" (${heroku.customer.name}), ${fr?.workloads.join(', ')}.`,
      FulfillmentTypes: ['CASH'],
      BenefitApplicationDetails: {
        program: 'MAP',
        tranche: 'mobilize_partner_funding',
        amount: { value: ((fr?.requestedCents ?? 0) / 100).toFixed(2), currencyCode: 'USD' },
        projectStartDate: fr?.projectStartDate,
        projectEndDate: fr?.projectEndDate,
        workloads: fr?.workloads,
        aceOpportunityId: read.ace.aceOpportunityId,
        awsFundRequestId: fr?.awsFundRequestId,
        mpeId: read.mapAgreement.mpeId,
        partnerReference: `${o.id}/mobilize_partner_funding`,
      },
      AssociatedResources: [`arn:aws:partnercentral:us-east-1::catalog/AWS/opportunity/${read.ace.aceOpportunityId}`],
    });
    const sent = await serialized(res.body, true);
    expect(JSON.parse(bodyOf(sent))).toEqual(res.body);
    // A tranche that is not one is a 400; one not filed is a 404.
    const bad = await request(t.http)
      .get(path.replace('mobilize_partner_funding', 'nonsense'))
      .set('authorization', `Bearer ${heroku.partner.key}`);
    expect([bad.status, bad.body.type]).toEqual([400, problemType('validation')]);
    const fresh = await new OpportunityDriver(
      t.http,
      await makeOrg(t.http, 'partner'),
      await makeOrg(t.http, 'customer'),
    ).create('Nothing filed');
    const none = await request(t.http)
      .get(`/v1/opportunities/${fresh.id}/fund-requests/assess_partner_funding/benefit-application`)
      .set('authorization', `Bearer ${fresh.partner.key}`);
    expect(none.status).toBe(404);
  });
});
