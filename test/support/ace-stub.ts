import {
  CompetitorName,
  CountryCode,
  DeliveryModel,
  Industry,
  NationalSecurity,
  OpportunityOrigin,
  OpportunityType,
  PrimaryNeedFromAws,
  RelatedEntityType,
  SalesInvolvementType,
  Stage,
} from '@aws-sdk/client-partnercentral-selling';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

/** One call the stub took: its operation and body, and what it answered. */
export interface AceCall {
  operation: string;
  body: Json;
  status: number;
}

/** An opportunity as the stub keeps it. */
interface Kept {
  id: string;
  token: string;
  request: Json;
  stage: string;
  reviewStatus: string;
  lastModified: number;
  created: number;
  solutions: string[];
}

const values = (e: object): string[] => Object.values(e) as string[];
/** Partner Central's timestamps: RFC 3339 strings (seconds since the epoch in, a string out). */
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

class Refusal extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const at = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Json)[k] : undefined), o);

function need(body: Json, path: string): unknown {
  const v = at(body, path);
  if (v === undefined || v === null || v === '') throw new Refusal('ValidationException', `${path} is required`);
  return v;
}

function oneOf(body: Json, path: string, allowed: readonly string[], required = false): void {
  const v = at(body, path);
  if (v === undefined && !required) return;
  const list = Array.isArray(v) ? v : [v];
  for (const x of list)
    if (typeof x !== 'string' || !allowed.includes(x))
      throw new Refusal('ValidationException', `${path} has a value ACE does not know: ${JSON.stringify(x)}`);
}

/**
 * A local stand-in of AWS Partner Central's Selling API (JSON 1.0 over HTTP,
 * as the SDK speaks it), for the tests only: it checks each request's
 * operation, required fields and enums (the SDK's own), makes a create with
 * a known client token once, and plays ACE's review: the test moves an
 * opportunity from `Submitted` through `In review` and `Action Required` to
 * `Approved`. A test may make the next call of an operation fail.
 */
export class AceStub {
  readonly calls: AceCall[] = [];
  private readonly kept = new Map<string, Kept>();
  private readonly failures = new Map<string, { type: string; message: string; status: number }[]>();
  private server: Server | null = null;
  /** The next create is made but its answer lost (a 500 after the fact). */
  private loseCreateAnswer = false;
  /** Opportunities someone else edits in Partner Central just after the next read of them. */
  private readonly editAfterGet = new Set<string>();
  private next = 1000;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const operation = String(req.headers['x-amz-target'] ?? '').replace('AWSPartnerCentralSelling.', '');
        let body: Json = {};
        let status = 200;
        let answer: Json;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Json;
          const failure = this.failures.get(operation)?.shift();
          if (failure) throw new Refusal(failure.type, failure.message, failure.status);
          answer = this.handle(operation, body);
        } catch (error) {
          const refusal = error instanceof Refusal ? error : new Refusal('InternalServerException', String(error), 500);
          status = refusal.status;
          answer = { __type: refusal.type, message: refusal.message };
        }
        this.calls.push({ operation, body, status });
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The next `times` calls of `operation` fail with `type` (e.g. `ValidationException`, `ThrottlingException`). */
  failNext(operation: string, type: string, message: string, times = 1, status = 400): void {
    const list = this.failures.get(operation) ?? [];
    for (let i = 0; i < times; i += 1) list.push({ type, message, status });
    this.failures.set(operation, list);
  }

  /** ACE's reviewers move the opportunity (`stage` too, when given). */
  review(id: string, reviewStatus: string, stage?: string): void {
    const k = this.kept.get(id);
    if (k === undefined) throw new Error(`the stub has no opportunity ${id}`);
    k.reviewStatus = reviewStatus;
    if (stage !== undefined) k.stage = stage;
    k.lastModified = Math.max(Date.now() / 1000, k.lastModified + 0.001);
  }

  /** Makes the next CreateOpportunity but loses its answer: the caller sees a 500 and sends it again. */
  loseNextCreateAnswer(): void {
    this.loseCreateAnswer = true;
  }

  /** Someone edits `id` in Partner Central right after the next GetOpportunity of it (a concurrent change). */
  changeAfterNextGet(id: string): void {
    this.editAfterGet.add(id);
  }

  /** The opportunities made, by partner identifier. */
  made(partnerId: string): { id: string; reviewStatus: string; solutions: string[]; request: Json }[] {
    return [...this.kept.values()]
      .filter((k) => k.request.PartnerOpportunityIdentifier === partnerId)
      .map((k) => ({ id: k.id, reviewStatus: k.reviewStatus, solutions: k.solutions, request: k.request }));
  }

  private handle(operation: string, body: Json): Json {
    oneOf(body, 'Catalog', ['AWS', 'Sandbox'], true);
    switch (operation) {
      case 'CreateOpportunity':
        return this.create(body);
      case 'GetOpportunity': {
        const k = this.find(String(need(body, 'Identifier')));
        const answer = this.get(k);
        if (this.editAfterGet.delete(k.id)) k.lastModified += 1;
        return answer;
      }
      case 'UpdateOpportunity':
        return this.update(body);
      case 'AssociateOpportunity': {
        const k = this.find(String(need(body, 'OpportunityIdentifier')));
        oneOf(body, 'RelatedEntityType', values(RelatedEntityType), true);
        k.solutions.push(String(need(body, 'RelatedEntityIdentifier')));
        return {};
      }
      case 'StartEngagementFromOpportunityTask': {
        const k = this.find(String(need(body, 'Identifier')));
        oneOf(body, 'AwsSubmission.InvolvementType', values(SalesInvolvementType), true);
        if (k.reviewStatus !== 'Pending Submission' && k.reviewStatus !== 'Action Required')
          throw new Refusal('ConflictException', `opportunity ${k.id} is ${k.reviewStatus}`);
        this.review(k.id, 'Submitted');
        return {
          TaskId: `task-${k.id}`,
          TaskStatus: 'COMPLETE',
          OpportunityId: k.id,
          StartTime: iso(Date.now() / 1000),
        };
      }
      default:
        throw new Refusal('UnknownOperationException', `no operation ${operation}`);
    }
  }

  private create(body: Json): Json {
    const token = String(need(body, 'ClientToken'));
    const again = [...this.kept.values()].find((k) => k.token === token);
    if (again)
      return {
        Id: again.id,
        PartnerOpportunityIdentifier: body.PartnerOpportunityIdentifier,
        LastModifiedDate: iso(again.lastModified),
      };
    this.validate(body);
    const id = `O${(this.next += 1)}`;
    const now = Date.now() / 1000;
    this.kept.set(id, {
      id,
      token,
      request: body,
      stage: String(at(body, 'LifeCycle.Stage') ?? 'Prospect'),
      reviewStatus: 'Pending Submission',
      lastModified: now,
      created: now,
      solutions: [],
    });
    if (this.loseCreateAnswer) {
      // Made, but the answer is lost on the way (the caller cannot know): it will send the create again.
      this.loseCreateAnswer = false;
      throw new Refusal('InternalServerException', 'the answer was lost', 500);
    }
    return { Id: id, PartnerOpportunityIdentifier: body.PartnerOpportunityIdentifier, LastModifiedDate: iso(now) };
  }

  /** The checks of an opportunity's fields: required ones, ACE's enums and limits. */
  private validate(body: Json): void {
    oneOf(body, 'Origin', values(OpportunityOrigin), true);
    oneOf(body, 'OpportunityType', values(OpportunityType));
    oneOf(body, 'NationalSecurity', values(NationalSecurity));
    oneOf(body, 'PrimaryNeedsFromAws', values(PrimaryNeedFromAws));
    need(body, 'Customer.Account.CompanyName');
    oneOf(body, 'Customer.Account.Industry', values(Industry), true);
    oneOf(body, 'Customer.Account.Address.CountryCode', values(CountryCode), true);
    if (!/^https:\/\/[^\s/]+\.[^\s]+$/.test(String(need(body, 'Customer.Account.WebsiteUrl'))))
      throw new Refusal('ValidationException', 'Customer.Account.WebsiteUrl must be an https:// URL');
    const problem = String(need(body, 'Project.CustomerBusinessProblem'));
    if (problem.length < 20 || problem.length > 2000)
      throw new Refusal('ValidationException', 'Project.CustomerBusinessProblem must be 20 to 2000 characters');
    oneOf(body, 'Project.DeliveryModels', values(DeliveryModel));
    oneOf(body, 'Project.CompetitorName', values(CompetitorName));
    const spend = at(body, 'Project.ExpectedCustomerSpend');
    if (!Array.isArray(spend) || spend.length === 0)
      throw new Refusal('ValidationException', 'Project.ExpectedCustomerSpend is required');
    for (const s of spend as Json[]) {
      if (s.CurrencyCode !== 'USD' || s.Frequency !== 'Monthly' || typeof s.TargetCompany !== 'string')
        throw new Refusal(
          'ValidationException',
          'ExpectedCustomerSpend needs CurrencyCode USD, Frequency Monthly, TargetCompany',
        );
      if (typeof s.Amount !== 'string' || !/^\d+(\.\d{1,2})?$/.test(s.Amount))
        throw new Refusal('ValidationException', 'ExpectedCustomerSpend.Amount must be a decimal string');
    }
    oneOf(body, 'LifeCycle.Stage', values(Stage));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(String(need(body, 'LifeCycle.TargetCloseDate'))))
      throw new Refusal('ValidationException', 'LifeCycle.TargetCloseDate must be YYYY-MM-DD');
  }

  /** A full replace, refused while ACE reviews it or when `LastModifiedDate` is not the record's (a conflict). */
  private update(body: Json): Json {
    const k = this.find(String(need(body, 'Identifier')));
    if (k.reviewStatus === 'Submitted' || k.reviewStatus === 'In review')
      throw new Refusal(
        'ConflictException',
        `opportunity ${k.id} is ${k.reviewStatus}: no update while AWS reviews it`,
        409,
      );
    if (need(body, 'LastModifiedDate') !== iso(k.lastModified))
      throw new Refusal('ConflictException', `opportunity ${k.id} was modified at ${iso(k.lastModified)}`, 409);
    this.validate({ ...body, ClientToken: k.token, Origin: k.request.Origin });
    const { Identifier: _id, LastModifiedDate: _at, ...rest } = body;
    void [_id, _at];
    k.request = { ...rest, ClientToken: k.token, Origin: k.request.Origin };
    k.lastModified = Math.max(Date.now() / 1000, k.lastModified + 0.001);
    return { Id: k.id, LastModifiedDate: iso(k.lastModified) };
  }

  private find(id: string): Kept {
    const k = this.kept.get(id);
    if (k === undefined) throw new Refusal('ResourceNotFoundException', `no opportunity ${id}`, 404);
    return k;
  }

  private get(k: Kept): Json {
    const { ClientToken: _token, ...rest } = k.request;
    void _token;
    return {
      ...rest,
      Id: k.id,
      Arn: `arn:aws:partnercentral:us-east-1::catalog/AWS/opportunity/${k.id}`,
      CreatedDate: iso(k.created),
      LastModifiedDate: iso(k.lastModified),
      RelatedEntityIdentifiers: { Solutions: k.solutions },
      LifeCycle: { ...((k.request.LifeCycle as Json | undefined) ?? {}), Stage: k.stage, ReviewStatus: k.reviewStatus },
    };
  }
}
