import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthService } from '../auth/auth.service';
import { validDtoOr400 } from '../common/validation';
import { CreateApiKeyDto, CreateInvitationDto, CreateOrgDto, LinkPartnerDto } from '../orgs/dto';
import { OrgsService } from '../orgs/orgs.service';
import { PeopleService } from '../people/people.service';
import { html, Page } from './page';
import { refusalOf } from './refusal';
import { callerOf, field, viewerOf } from './viewer';
import { OrgsView, OrgView, type ShownOnce } from './views/orgs';

/** What the org page shows on top when it is answered after a form. */
interface Outcome {
  shown?: ShownOnce;
  messages?: string[];
  status?: number;
}

/**
 * The ops org administration pages (design/web.md "Orgs"): orgs, people,
 * invitations, API keys (mint and revoke), partner-customer links, through
 * the services the API's routes call.
 */
@Injectable()
export class OrgsPages {
  constructor(
    private readonly orgs: OrgsService,
    private readonly people: PeopleService,
    private readonly auth: AuthService,
  ) {}

  async list(request: FastifyRequest): Promise<Page> {
    return html(OrgsView({ viewer: viewerOf(request), orgs: await this.orgs.directory() }));
  }

  /** Creates an org from the form; refused, the list again with the reasons. */
  async create(request: FastifyRequest): Promise<Page> {
    const form = {
      name: field(request.body, 'name'),
      kind: field(request.body, 'kind'),
      tier: field(request.body, 'tier'),
    };
    try {
      const dto = await validDtoOr400(CreateOrgDto, {
        name: form.name,
        kind: form.kind,
        ...(form.tier ? { tier: form.tier } : {}),
      });
      const org = await this.orgs.create(dto);
      return { redirect: `/app/orgs/${org.id}` };
    } catch (error: unknown) {
      const { status, messages } = refusalOf(error);
      const orgs = await this.orgs.directory();
      return html(OrgsView({ viewer: viewerOf(request), orgs, form, messages }), status);
    }
  }

  async org(request: FastifyRequest, id: string, outcome: Outcome = {}): Promise<Page> {
    const [administered, invitations, directory] = await Promise.all([
      this.orgs.administered(id),
      this.people.invitationsOf(id),
      this.orgs.directory(),
    ]);
    const partners = directory.filter((o) => o.kind === 'partner');
    return html(
      OrgView({ viewer: viewerOf(request), ...administered, invitations, partners, ...outcome }),
      outcome.status ?? 200,
    );
  }

  /** Invites a person: the link is shown this once. */
  invite(request: FastifyRequest, id: string): Promise<Page> {
    return this.attempt(request, id, async () => {
      const dto = await validDtoOr400(CreateInvitationDto, { email: field(request.body, 'email') });
      const invitation = await this.people.invite(callerOf(request), id, dto.email);
      return {
        shown: {
          what: `Invitation for ${invitation.email}: send this link, shown only now.`,
          value: invitation.link,
          hint: `It works once, until ${invitation.expiresAt.slice(0, 16).replace('T', ' ')} UTC.`,
        },
      };
    });
  }

  /** Mints a key for a new user of the org: the key is shown this once. */
  mintKey(request: FastifyRequest, id: string): Promise<Page> {
    return this.attempt(request, id, async () => {
      const dto = await validDtoOr400(CreateApiKeyDto, { userName: field(request.body, 'userName') });
      const minted = await this.orgs.mintKey(id, dto.userName);
      return {
        shown: {
          what: `API key ${minted.id} for ${dto.userName}: copy it now, it is shown only once.`,
          value: minted.key,
          hint: 'Send it as "Authorization: Bearer <key>". Revoke it here when it is no longer needed.',
        },
      };
    });
  }

  /** Revokes a key: every replica stops taking it within the caller cache's 10 s. */
  async revokeKey(id: string, keyId: string): Promise<Page> {
    await this.auth.revokeKey(keyId);
    return { redirect: `/app/orgs/${id}` };
  }

  link(request: FastifyRequest, id: string): Promise<Page> {
    return this.attempt(request, id, async () => {
      const dto = await validDtoOr400(LinkPartnerDto, { partnerOrgId: field(request.body, 'partnerOrgId') });
      await this.orgs.link(callerOf(request), id, dto.partnerOrgId);
      return {};
    });
  }

  async unlink(id: string, partnerOrgId: string): Promise<Page> {
    await this.orgs.unlink(id, partnerOrgId);
    return { redirect: `/app/orgs/${id}` };
  }

  /** Runs a form's work and answers the org page with its outcome, or with the refusal's reasons. */
  private async attempt(request: FastifyRequest, id: string, work: () => Promise<Outcome>): Promise<Page> {
    let outcome: Outcome;
    try {
      outcome = await work();
    } catch (error: unknown) {
      const { status, messages } = refusalOf(error);
      outcome = { status, messages };
    }
    return this.org(request, id, outcome);
  }
}
