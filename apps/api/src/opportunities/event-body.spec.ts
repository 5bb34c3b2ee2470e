import 'reflect-metadata';
import { EVENT_TYPES, EVENT_TYPES_2 } from '@mapflow/workflow';
import type { MachineVersionId } from '@mapflow/workflow';
import { AppError, ErrorCode } from '../common/errors';
import {
  EVENT_DTOS,
  EVENT_DTOS_2,
  FileFundRequestEventDto,
  FileFundRequestEventV2Dto,
  UpdateProfileEventV2Dto,
  V2_BODY_TYPES,
} from './dto';
import type { V2BodyType } from './dto';
import { eventBodyFor, latestValid, validateEventBody } from './event-body';
import { EventBodyPipe } from './event-body.pipe';
import { EVENT_BODY_EXAMPLES, EVENT_EXAMPLES, EVENT_EXAMPLES_2 } from './event-examples';

/** The AppError `promise` rejects with (any other outcome fails the test). */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal, got a validated body');
}

/** The fields a 400 names, each once, sorted. */
const fieldsOf = (error: AppError): string[] => [...new Set((error.extras.errors ?? []).map((e) => e.field))].sort();

/** The example of a version-2 body, with `patch` over it (a copy: the examples stay as they are). */
const v2 = (type: V2BodyType, patch: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...structuredClone(EVENT_EXAMPLES_2[type]),
  ...patch,
});

const pipe = new EventBodyPipe();

/** For each type version 2 changed or added: one body with one bad field, and the field a 400 must name. */
const ONE_BAD_FIELD: Record<V2BodyType, { body: Record<string, unknown>; field: string }[]> = {
  UPDATE_PROFILE: [
    { body: v2('UPDATE_PROFILE', { profile: { industry: 'Fintech' } }), field: 'profile.industry' },
    { body: v2('UPDATE_PROFILE', { profile: { customerWebsite: 'acme.example' } }), field: 'profile.customerWebsite' },
    {
      body: v2('UPDATE_PROFILE', {
        profile: { customerAddress: { city: 'Austin', postalCode: '78701', countryCode: 'USA' } },
      }),
      field: 'profile.customerAddress.countryCode',
    },
    {
      body: v2('UPDATE_PROFILE', { profile: { customerAddress: { postalCode: '78701', countryCode: 'US' } } }),
      field: 'profile.customerAddress.city',
    },
  ],
  FILE_FUND_REQUEST: [
    // Version 2 files partner cash only: a credits tranche is not a fund request any more.
    { body: v2('FILE_FUND_REQUEST', { tranche: 'mobilize_credits' }), field: 'tranche' },
    { body: v2('FILE_FUND_REQUEST', { projectStartDate: '2027-02-30' }), field: 'projectStartDate' },
    { body: v2('FILE_FUND_REQUEST', { projectStartDate: undefined }), field: 'projectStartDate' },
    { body: v2('FILE_FUND_REQUEST', { amountCents: 10.5 }), field: 'amountCents' },
  ],
  RECORD_FUND_REQUEST_STAGE: [
    // A rejection is its own event (RECORD_FUND_REQUEST_REJECTION), not a stage to record.
    { body: v2('RECORD_FUND_REQUEST_STAGE', { stage: 'rejected' }), field: 'stage' },
    { body: v2('RECORD_FUND_REQUEST_STAGE', { preApprovedCents: -1 }), field: 'preApprovedCents' },
    { body: v2('RECORD_FUND_REQUEST_STAGE', { purchaseOrder: '  ' }), field: 'purchaseOrder' },
  ],
  PREPARE_CLAIM: [
    {
      body: v2('PREPARE_CLAIM', {
        evidence: [{ kind: 'photo', uri: 's3://acme-map/x.pdf', sha256: 'a'.repeat(64) }],
      }),
      field: 'evidence.0.kind',
    },
    {
      body: v2('PREPARE_CLAIM', { evidence: [{ uri: 's3://acme-map/x.pdf', sha256: 'a'.repeat(64) }] }),
      field: 'evidence.0.kind',
    },
    { body: v2('PREPARE_CLAIM', { tranche: 'migrate_credits' }), field: 'tranche' },
  ],
  RECORD_PAYMENT: [
    { body: v2('RECORD_PAYMENT', { invoiceReference: '   ' }), field: 'invoiceReference' },
    { body: v2('RECORD_PAYMENT', { invoiceReference: undefined }), field: 'invoiceReference' },
  ],
  RECORD_FUND_REQUEST_REJECTION: [
    { body: v2('RECORD_FUND_REQUEST_REJECTION', { resubmittable: 'yes' }), field: 'resubmittable' },
    { body: v2('RECORD_FUND_REQUEST_REJECTION', { reason: '' }), field: 'reason' },
  ],
  RESUBMIT_FUND_REQUEST: [
    { body: v2('RESUBMIT_FUND_REQUEST', { amountCents: -1 }), field: 'amountCents' },
    { body: v2('RESUBMIT_FUND_REQUEST', { projectEndDate: '31/07/2027' }), field: 'projectEndDate' },
  ],
  RECORD_TAGGED_SPEND: [
    { body: v2('RECORD_TAGGED_SPEND', { quarter: '2027-Q5' }), field: 'quarter' },
    { body: v2('RECORD_TAGGED_SPEND', { quarter: '2027Q1' }), field: 'quarter' },
    // Outside the accepted dates (2000 to 2099), as for calendar dates.
    { body: v2('RECORD_TAGGED_SPEND', { quarter: '1999-Q4' }), field: 'quarter' },
    { body: v2('RECORD_TAGGED_SPEND', { evidence: { uri: 's3://x/y.csv', sha256: 'abc' } }), field: 'evidence.sha256' },
  ],
  RECORD_CREDITS_ISSUED: [
    { body: v2('RECORD_CREDITS_ISSUED', { awsAccountId: '12345678901' }), field: 'awsAccountId' },
    { body: v2('RECORD_CREDITS_ISSUED', { awsAccountId: 123456789012 }), field: 'awsAccountId' },
    { body: v2('RECORD_CREDITS_ISSUED', { amountCents: '800000' }), field: 'amountCents' },
  ],
  RECORD_TAGS_APPLIED: [
    { body: v2('RECORD_TAGS_APPLIED', { appliedAt: '2027-02-01' }), field: 'appliedAt' },
    { body: v2('RECORD_TAGS_APPLIED', { appliedAt: '2027-02-30T09:30:00Z' }), field: 'appliedAt' },
    { body: v2('RECORD_TAGS_APPLIED', { waveId: 'pilot 1' }), field: 'waveId' },
  ],
  RECORD_ACE_OPPORTUNITY: [
    // O followed by 1 to 19 digits: 20 is one too many.
    { body: v2('RECORD_ACE_OPPORTUNITY', { aceOpportunityId: `O${'1'.repeat(20)}` }), field: 'aceOpportunityId' },
    { body: v2('RECORD_ACE_OPPORTUNITY', { aceOpportunityId: 'O' }), field: 'aceOpportunityId' },
    // ACE's enums, exactly: `In review`, not `In Review`.
    { body: v2('RECORD_ACE_OPPORTUNITY', { reviewStatus: 'In Review' }), field: 'reviewStatus' },
    { body: v2('RECORD_ACE_OPPORTUNITY', { stage: 'closed lost' }), field: 'stage' },
    { body: v2('RECORD_ACE_OPPORTUNITY', { lastModifiedDate: 'yesterday' }), field: 'lastModifiedDate' },
  ],
  SUBMIT_TO_ACE: [{ body: v2('SUBMIT_TO_ACE', { force: true }), field: 'force' }],
  RECORD_PLAN_TERMINATION: [
    { body: v2('RECORD_PLAN_TERMINATION', { by: 'partner' }), field: 'by' },
    { body: v2('RECORD_PLAN_TERMINATION', { on: '2027-09-31' }), field: 'on' },
  ],
};

/** The event types version 2 adds (in no other version). */
const V2_ONLY = V2_BODY_TYPES.filter((type) => !(EVENT_TYPES as readonly string[]).includes(type));

describe('event bodies by machine version (validateEventBody)', () => {
  it('keeps version 1 classes for the unchanged types and has its own for exactly the changed and new ones', () => {
    for (const type of EVENT_TYPES_2) {
      const own = (V2_BODY_TYPES as readonly string[]).includes(type);
      const v1Class: unknown = Object.hasOwn(EVENT_DTOS, type) ? Reflect.get(EVENT_DTOS, type) : undefined;
      expect({ type, sameAsV1: EVENT_DTOS_2[type] === v1Class }).toEqual({ type, sameAsV1: !own });
    }
    // The eight types version 2 adds are among its own bodies.
    expect(V2_ONLY).toHaveLength(8);
    expect(EVENT_TYPES_2.filter((type) => !(EVENT_TYPES as readonly string[]).includes(type))).toEqual(V2_ONLY);
  });

  it.each(V2_BODY_TYPES)('validates the /docs example of %s for version 2, as its version-2 class', async (type) => {
    const body = v2(type);
    const instance = await validateEventBody('2', body);
    expect(instance).toBeInstanceOf(EVENT_DTOS_2[type]);
    expect(instance).toMatchObject(body);
  });

  it.each(V2_BODY_TYPES)('refuses a %s body with one bad field, 400 naming that field only', async (type) => {
    for (const { body, field } of ONE_BAD_FIELD[type]) {
      const error = await refusal(validateEventBody('2', body));
      expect({ body, code: error.code, fields: fieldsOf(error) }).toEqual({
        body,
        code: ErrorCode.Validation,
        fields: [field],
      });
    }
  });

  it('refuses an event of version 2 only for an opportunity on version 1: 409 naming both versions', async () => {
    for (const type of V2_ONLY) {
      const error = await refusal(validateEventBody('1', v2(type)));
      expect(error.code).toBe(ErrorCode.StateConflict);
      expect(error.detail).toContain(type);
      expect(error.detail).toMatch(/machine version 2, not of machine version 1/);
    }
  });

  it("refuses version 1's fund request (fundingType, no start date) for version 2: 400 naming fundingType", async () => {
    const error = await refusal(validateEventBody('2', EVENT_EXAMPLES.FILE_FUND_REQUEST));
    expect(error.code).toBe(ErrorCode.Validation);
    expect(fieldsOf(error)).toEqual(['fundingType', 'projectStartDate']);
    expect(error.extras.errors).toContainEqual({
      field: 'fundingType',
      message: 'property fundingType should not exist',
    });
    // The same body is version 1's, valid there.
    await expect(validateEventBody('1', EVENT_EXAMPLES.FILE_FUND_REQUEST)).resolves.toBeInstanceOf(
      FileFundRequestEventDto,
    );
  });

  it("refuses version 2's bodies of the changed types for version 1, naming the fields version 1 does not know", async () => {
    const profile = await refusal(validateEventBody('1', v2('UPDATE_PROFILE')));
    // customerWebsite, industry and customerAddress are version 2's profile fields.
    expect(fieldsOf(profile)).toEqual(['profile.customerAddress', 'profile.customerWebsite', 'profile.industry']);
    const payment = await refusal(validateEventBody('1', v2('RECORD_PAYMENT')));
    expect(fieldsOf(payment)).toEqual(['invoiceReference']);
  });

  it('validates every version-1 example for version 1, and those of the unchanged types for version 2 as well', async () => {
    for (const type of EVENT_TYPES) {
      await expect(validateEventBody('1', EVENT_EXAMPLES[type])).resolves.toBeInstanceOf(EVENT_DTOS[type]);
      if (!(V2_BODY_TYPES as readonly string[]).includes(type)) {
        await expect(validateEventBody('2', EVENT_EXAMPLES[type])).resolves.toBeInstanceOf(EVENT_DTOS[type]);
      }
    }
  });

  it('answers 400 to a body that is not an object or names no event of any version, listing both versions', async () => {
    for (const version of ['1', '2'] as MachineVersionId[]) {
      for (const body of [null, [], 'ADVANCE', 7]) {
        const error = await refusal(validateEventBody(version, body));
        expect({ code: error.code, fields: fieldsOf(error) }).toEqual({ code: ErrorCode.Validation, fields: ['body'] });
      }
      for (const type of ['TELEPORT', 'advance', '__proto__', 'toString', '', 42, undefined]) {
        const error = await refusal(validateEventBody(version, { type }));
        expect({ code: error.code, fields: fieldsOf(error) }).toEqual({ code: ErrorCode.Validation, fields: ['type'] });
        const message = error.extras.errors?.[0]?.message ?? '';
        for (const known of [...EVENT_TYPES, ...EVENT_TYPES_2]) expect(message).toContain(known);
        expect(message).toContain('exist in machine version 2 only');
      }
    }
  });
});

describe('EventBodyPipe: before the version is known', () => {
  it("accepts a body valid for some version: version 1's fund request as version 1's, version 2's as version 2's", async () => {
    const latest = async (body: object) => latestValid(await pipe.transform(body));
    await expect(latest(EVENT_EXAMPLES.FILE_FUND_REQUEST)).resolves.toBeInstanceOf(FileFundRequestEventDto);
    await expect(latest(v2('FILE_FUND_REQUEST'))).resolves.toBeInstanceOf(FileFundRequestEventV2Dto);
    await expect(latest(v2('RECORD_TAGGED_SPEND'))).resolves.toBeInstanceOf(EVENT_DTOS_2.RECORD_TAGGED_SPEND);
    await expect(latest({ type: 'ADVANCE' })).resolves.toBeInstanceOf(EVENT_DTOS.ADVANCE);
    // Each version's check is run once and kept: ADVANCE is checked for both versions.
    expect((await pipe.transform({ type: 'ADVANCE' })).checks.map((c) => [c.version, c.errors])).toEqual([
      ['1', []],
      ['2', []],
    ]);
  });

  it('answers the 400 of version 2 when the body is valid for no version', async () => {
    // Version 1 would name amountCents only; version 2 also names fundingType (unknown) and projectStartDate (missing).
    const error = await refusal(pipe.transform({ ...EVENT_EXAMPLES.FILE_FUND_REQUEST, amountCents: -5 }));
    expect(error.code).toBe(ErrorCode.Validation);
    expect(fieldsOf(error)).toEqual(['amountCents', 'fundingType', 'projectStartDate']);
    const unknownField = await refusal(pipe.transform({ ...v2('RECORD_TAGGED_SPEND'), x: 1 }));
    expect(fieldsOf(unknownField)).toEqual(['x']);
  });

  it('answers 400 to a non-object body and to a type of no version, as before', async () => {
    expect(fieldsOf(await refusal(pipe.transform([])))).toEqual(['body']);
    expect(fieldsOf(await refusal(pipe.transform({ type: 'TELEPORT' })))).toEqual(['type']);
    expect(fieldsOf(await refusal(pipe.transform({ type: '__proto__' })))).toEqual(['type']);
  });

  it("hands the service each version's check, which takes the one of the opportunity's version", async () => {
    const v1Filing = await pipe.transform(EVENT_EXAMPLES.FILE_FUND_REQUEST);
    expect(eventBodyFor('1', v1Filing)).toBeInstanceOf(FileFundRequestEventDto);
    const onV2 = await refusal(Promise.resolve().then(() => eventBodyFor('2', v1Filing)));
    expect(fieldsOf(onV2)).toEqual(['fundingType', 'projectStartDate']);

    // A nested version-2 body (the ACE address) is version 2's, and refused on version 1.
    const checked = await pipe.transform(v2('UPDATE_PROFILE'));
    const profile = eventBodyFor('2', checked);
    expect(profile).toBeInstanceOf(UpdateProfileEventV2Dto);
    expect(profile).toMatchObject(EVENT_EXAMPLES_2.UPDATE_PROFILE);
    expect(fieldsOf(await refusal(Promise.resolve().then(() => eventBodyFor('1', checked))))).toEqual([
      'profile.customerAddress',
      'profile.customerWebsite',
      'profile.industry',
    ]);
    const bad = await refusal(validateEventBody('2', { ...profile, profile: { customerAddress: { city: 'Austin' } } }));
    expect(fieldsOf(bad)).toEqual(['profile.customerAddress.countryCode', 'profile.customerAddress.postalCode']);
  });
});

describe('/docs examples of the events body', () => {
  it('has an example for every type of every version, named by version where the bodies differ', async () => {
    const types = new Set(Object.values(EVENT_BODY_EXAMPLES).map((e) => e.value.type));
    expect([...types].sort()).toEqual([...new Set([...EVENT_TYPES, ...EVENT_TYPES_2])].sort());
    for (const type of V2_BODY_TYPES) {
      expect(EVENT_BODY_EXAMPLES[`${type} (version 2)`]?.value).toEqual(EVENT_EXAMPLES_2[type]);
    }
    expect(EVENT_BODY_EXAMPLES['FILE_FUND_REQUEST (version 1)']?.value).toEqual(EVENT_EXAMPLES.FILE_FUND_REQUEST);
    expect(EVENT_BODY_EXAMPLES['ADVANCE']?.value).toEqual({ type: 'ADVANCE' });
    // Each example is valid for the version(s) its name gives.
    for (const [name, { value }] of Object.entries(EVENT_BODY_EXAMPLES)) {
      const versions: MachineVersionId[] = name.endsWith('(version 2)')
        ? ['2']
        : name.endsWith('(version 1)')
          ? ['1']
          : ['1', '2'];
      for (const version of versions) await expect(validateEventBody(version, value)).resolves.toBeDefined();
    }
  });
});
