import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig } from '../config/config';
import { validDtoOr400 } from '../common/validation';
import { CreateInquiryDto } from '../routing/dto/routing.dto';
import { InquiriesService } from '../routing/inquiries.service';
import { html, Page } from './page';
import { refusalOf } from './refusal';
import { field } from './viewer';
import { type InquiryForm, InquireView, InquiryThanksView } from './views/inquire';

const FIELDS = [
  'companyName',
  'contactEmail',
  'customerCountry',
  'sourcePlatform',
  'region',
  'servers',
  'databases',
  'applications',
  'currentMonthlySpend',
  'projectedMonthlyAwsSpend',
  'greenfield',
  'awsCompetitor',
  'notes',
] as const;

/** A whole number typed in a form ("1,200" too); the text as typed when it is not one (the check says why). */
function whole(text: string): number | string {
  const plain = text.replace(/[,_\s]/g, '');
  return /^\d{1,15}$/.test(plain) ? Number(plain) : text;
}

/** Dollars typed in a form, as cents; the text as typed when it is not a whole number of dollars. */
function cents(text: string): number | string {
  const dollars = whole(text.replace(/^\$/, ''));
  return typeof dollars === 'number' ? dollars * 100 : text;
}

/** The form's fields as the API's body (`CreateInquiryDto`), so one set of checks serves both. */
export function inquiryBody(form: InquiryForm): Record<string, unknown> {
  const text = (name: string): string => form[name] ?? '';
  return {
    companyName: text('companyName'),
    contactEmail: text('contactEmail'),
    customerCountry: text('customerCountry').toUpperCase(),
    sourcePlatform: text('sourcePlatform'),
    region: text('region').toLowerCase(),
    servers: whole(text('servers')),
    databases: whole(text('databases')),
    applications: whole(text('applications')),
    currentMonthlySpendCents: cents(text('currentMonthlySpend')),
    ...(text('projectedMonthlyAwsSpend') === ''
      ? {}
      : { projectedMonthlyAwsSpendCents: cents(text('projectedMonthlyAwsSpend')) }),
    greenfield: text('greenfield') === 'on',
    awsCompetitor: text('awsCompetitor') === 'on',
    ...(text('notes') === '' ? {} : { notes: text('notes') }),
  };
}

/** The public inquiry form, `/inquire` (design/routing.md): no sign-in, limited per address, a honeypot. */
@Injectable()
export class InquirePages {
  constructor(
    private readonly inquiries: InquiriesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  form(): Promise<Page> {
    return html(InquireView({}));
  }

  async submit(request: FastifyRequest): Promise<Page> {
    const form: InquiryForm = Object.fromEntries(FIELDS.map((name) => [name, field(request.body, name)]));
    const earlier = await this.inquiries.formPosts(request.ip);
    if (earlier >= this.config.inquiryFormPerHour)
      return html(
        InquireView({
          values: form,
          messages: ['Too many inquiries were sent from your address in the last hour. Please try again later.'],
        }),
        429,
      );
    // A bot fills the hidden field: it is thanked like a person, and nothing is kept.
    if (field(request.body, 'website') !== '')
      return html(InquiryThanksView({ email: form.contactEmail ?? '', routed: true, reasons: [] }));
    try {
      const dto = await validDtoOr400(CreateInquiryDto, inquiryBody(form));
      const inquiry = await this.inquiries.receiveFromForm(dto);
      // A repeat is merged into the first inquiry: its triage is not shown to whoever sent this one.
      const reasons =
        !inquiry.merged && Array.isArray(inquiry.triage.reasons) ? inquiry.triage.reasons.map(String) : [];
      return html(InquiryThanksView({ email: dto.contactEmail, routed: inquiry.state !== 'closed', reasons }));
    } catch (error) {
      const refusal = refusalOf(error);
      return html(InquireView({ values: form, messages: refusal.messages }), refusal.status);
    }
  }
}
