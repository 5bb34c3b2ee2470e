import type {
  CompetitorName,
  CreateOpportunityRequest,
  Industry,
  CountryCode,
  Stage,
} from '@aws-sdk/client-partnercentral-selling';
import type { CreateBenefitApplicationInput } from '@aws-sdk/client-partnercentral-benefits';
import { aceFieldsMissing, DAY_MS, type OpportunityView2 } from '@mapflow/workflow';

/** ACE's program name for MAP on `Project.ApnPrograms` (design/ace.md). */
export const MAP_PROGRAM = 'Migration Acceleration Program';

/** `LifeCycle.Stage` from the phase (design/ace.md). */
export const STAGE_OF_PHASE: Record<string, Stage> = {
  intake: 'Prospect',
  assess: 'Qualified',
  mobilize: 'Technical Validation',
  migrate: 'Committed',
  closeout: 'Launched',
  closed: 'Launched',
  referred: 'Closed Lost',
  ineligible: 'Closed Lost',
  withdrawn: 'Closed Lost',
};

/** `Project.CompetitorName` from the source platform; a platform ACE does not name is `*Other`, named in `OtherCompetitorNames`. */
export const COMPETITOR_OF_PLATFORM: Record<string, CompetitorName> = {
  azure: 'Microsoft Azure',
  gcp: 'Google Cloud Platform',
  oracle: 'Oracle Cloud',
  onprem: 'On-Prem',
  vmware: 'On-Prem',
};

/** How the export names a platform in words. */
const PLATFORM_WORDS: Record<string, string> = {
  heroku: 'Heroku',
  azure: 'Microsoft Azure',
  gcp: 'Google Cloud',
  oracle: 'Oracle Cloud',
  onprem: 'on-premises servers',
  vmware: 'VMware',
  sap: 'SAP',
  kubernetes: 'Kubernetes',
};

/** ACE's limits on the business problem. */
const PROBLEM_MIN = 20;
const PROBLEM_MAX = 2000;

const dollars = (cents: number): string => (cents / 100).toFixed(2);
const wholeDollars = (cents: number): string => `$${Math.round(cents / 100).toLocaleString('en-US')}`;

/** Why an opportunity cannot be exported yet: the ACE fields its profile lacks, in words (empty: it can). */
export function aceExportMissing(o: OpportunityView2): { key: string; description: string }[] {
  const words: Record<string, string> = {
    customerWebsite: "the customer's website (profile.customerWebsite)",
    industry: "the customer's industry, one of ACE's (profile.industry)",
    'customerAddress.city': "the customer's city (profile.customerAddress.city)",
    'customerAddress.postalCode': "the customer's postal code (profile.customerAddress.postalCode)",
    'customerAddress.countryCode': "the customer's country, ISO 3166 alpha-2 (profile.customerAddress.countryCode)",
  };
  const missing = aceFieldsMissing(o.profile).map((key) => ({ key, description: words[key] ?? key }));
  if (o.profile.projectedMonthlyAwsSpendCents === undefined)
    missing.push({
      key: 'projectedMonthlyAwsSpendCents',
      description: 'the committed monthly AWS spend (profile.projectedMonthlyAwsSpendCents)',
    });
  return missing;
}

/** What the customer's business problem is, in ACE's 20 to 2000 characters, from the profile. */
export function businessProblem(o: OpportunityView2): string {
  const p = o.profile;
  const platform = PLATFORM_WORDS[p.sourcePlatform ?? ''] ?? p.sourcePlatform ?? 'its current platform';
  const text = [
    `${o.customerName} runs ${p.applications ?? 0} applications on ${p.servers ?? 0} servers and ${p.databases ?? 0} databases on ${platform}`,
    p.currentMonthlySpendCents === undefined ? '' : `, spending ${wholeDollars(p.currentMonthlySpendCents)} a month`,
    `, and is migrating them to AWS (${p.region ?? 'a region to choose'}) under the ${MAP_PROGRAM}`,
    p.projectedMonthlyAwsSpendCents === undefined
      ? '.'
      : `, committing about ${wholeDollars(p.projectedMonthlyAwsSpendCents)} a month on AWS.`,
  ].join('');
  return text.length > PROBLEM_MAX ? `${text.slice(0, PROBLEM_MAX - 1)}.` : text.padEnd(PROBLEM_MIN, '.');
}

/**
 * The `CreateOpportunity` request of a version-2 opportunity (design/ace.md),
 * typed by the SDK's own input type: call only when {@link aceExportMissing}
 * is empty. `catalog` is `AWS` or `Sandbox`. The client token is stable per
 * opportunity, so a create sent twice makes one ACE opportunity.
 */
export function createOpportunityRequest(o: OpportunityView2, catalog: string): CreateOpportunityRequest {
  const p = o.profile;
  const address = p.customerAddress;
  const platform = p.sourcePlatform ?? '';
  const competitor = COMPETITOR_OF_PLATFORM[platform] ?? '*Other';
  const closeBy = new Date(Date.parse(o.createdAt) + 180 * DAY_MS).toISOString().slice(0, 10);
  return {
    Catalog: catalog,
    ClientToken: `mapflow-${o.id}`,
    PartnerOpportunityIdentifier: o.id,
    Origin: 'Partner Referral',
    OpportunityType: 'Net New Business',
    NationalSecurity: 'No',
    PrimaryNeedsFromAws: ['Co-Sell - Technical Consultation'],
    Customer: {
      Account: {
        CompanyName: o.customerName,
        WebsiteUrl: p.customerWebsite,
        Industry: p.industry as Industry,
        Address: {
          City: address?.city,
          PostalCode: address?.postalCode,
          ...(address?.stateOrRegion === undefined ? {} : { StateOrRegion: address.stateOrRegion }),
          CountryCode: address?.countryCode as CountryCode,
        },
      },
    },
    Project: {
      Title: o.title,
      ApnPrograms: [MAP_PROGRAM],
      CustomerBusinessProblem: businessProblem(o),
      CustomerUseCase: 'Migration / Database Migration',
      DeliveryModels: ['Professional Services'],
      SalesActivities: ['Initialized discussions with customer'],
      ExpectedCustomerSpend: [
        {
          Amount: dollars(p.projectedMonthlyAwsSpendCents ?? 0),
          CurrencyCode: 'USD',
          Frequency: 'Monthly',
          TargetCompany: 'AWS',
        },
      ],
      CompetitorName: competitor,
      ...(competitor === '*Other' ? { OtherCompetitorNames: PLATFORM_WORDS[platform] ?? platform } : {}),
    },
    LifeCycle: {
      Stage: STAGE_OF_PHASE[o.phase] ?? 'Prospect',
      TargetCloseDate: closeBy,
    },
  };
}

/** The short name of each cash tranche, for tokens and names. */
const TRANCHE_WORD: Record<string, string> = {
  assess_partner_funding: 'assess',
  mobilize_partner_funding: 'mobilize',
  migrate_partner_funding: 'migrate',
};

/**
 * The Benefits API `CreateBenefitApplication` request of one fund request
 * (design/ace.md), typed by `@aws-sdk/client-partnercentral-benefits`: the MAP
 * benefit (`benefitId`), paid in cash, with the request's figures as the
 * application's details and the ACE opportunity as its associated resource.
 */
export function benefitApplicationRequest(
  o: OpportunityView2,
  fr: OpportunityView2['fundRequests'][number],
  ctx: { catalog: string; benefitId: string; region: string },
): CreateBenefitApplicationInput {
  const word = TRANCHE_WORD[fr.tranche] ?? fr.tranche;
  const aceId = o.ace?.aceOpportunityId ?? null;
  return {
    Catalog: ctx.catalog,
    ClientToken: `mapflow-${o.id}-${word}`,
    BenefitIdentifier: ctx.benefitId,
    Name: fr.name,
    Description:
      `${MAP_PROGRAM} ${word} funding for "${o.title}" (${o.customerName}), ${fr.workloads.join(', ')}.`.slice(0, 500),
    FulfillmentTypes: ['CASH'],
    BenefitApplicationDetails: {
      program: 'MAP',
      tranche: fr.tranche,
      amount: { value: dollars(fr.requestedCents), currencyCode: 'USD' },
      projectStartDate: fr.projectStartDate,
      projectEndDate: fr.projectEndDate,
      workloads: fr.workloads,
      aceOpportunityId: aceId,
      awsFundRequestId: fr.awsFundRequestId,
      mpeId: o.mapAgreement?.mpeId ?? null,
      partnerReference: `${o.id}/${fr.tranche}`,
    },
    ...(aceId === null
      ? {}
      : { AssociatedResources: [`arn:aws:partnercentral:${ctx.region}::catalog/${ctx.catalog}/opportunity/${aceId}`] }),
  };
}
