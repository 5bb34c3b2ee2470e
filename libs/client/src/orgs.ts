import type { PartnerTier, Role } from '@mapflow/workflow';
import { call, expectAnswer, type ApiRequest, type Transport } from './transport';

/** An org's kind: the role its users act in (the domain's names). */
export type OrgKind = Role;

/** An org with one user and that user's API key, as ops mints them. */
export interface OrgWithKey {
  id: string;
  kind: OrgKind;
  name: string;
  key: string;
  userId: string;
}

/**
 * Ops creates an org (`POST /v1/orgs`) and mints a key for one user of it
 * (`POST /v1/orgs/{id}/api-keys`); the key is shown this once.
 */
export async function createOrgWithKey(
  transport: Transport,
  opsKey: string,
  org: { kind: OrgKind; name: string; tier?: PartnerTier },
  userName: string,
): Promise<OrgWithKey> {
  const created = await call<{ id: string }>(
    transport,
    { method: 'POST', path: '/v1/orgs', key: opsKey, body: org },
    201,
  );
  const minted = await call<{ key: string; userId: string }>(
    transport,
    { method: 'POST', path: `/v1/orgs/${created.id}/api-keys`, key: opsKey, body: { userName } },
    201,
  );
  return { id: created.id, kind: org.kind, name: org.name, key: minted.key, userId: minted.userId };
}

/** A partner-customer link, as `POST /v1/orgs/{customerId}/partners` answers it. */
export interface PartnerLink {
  customerOrgId: string;
  partnerOrgId: string;
  partnerName: string;
  partnerTier: PartnerTier | null;
  origin: 'ops' | 'backfill' | 'inquiry';
  createdAt: string;
}

/**
 * Ops links a partner to a customer (`POST /v1/orgs/{customerId}/partners`), so that the partner
 * may open opportunities for it. Idempotent: a link that exists already is answered (200) as it is.
 */
export async function linkPartner(
  transport: Transport,
  opsKey: string,
  customerOrgId: string,
  partnerOrgId: string,
): Promise<PartnerLink> {
  const request: ApiRequest = {
    method: 'POST',
    path: `/v1/orgs/${customerOrgId}/partners`,
    key: opsKey,
    body: { partnerOrgId },
  };
  const answer = await transport(request);
  return expectAnswer<PartnerLink>(request, answer, answer.status === 200 ? 200 : 201);
}
