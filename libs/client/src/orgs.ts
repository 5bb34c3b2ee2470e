import type { PartnerTier } from '../../workflow/src/types';
import { call, type Transport } from './transport';

export type OrgKind = 'partner' | 'customer' | 'ops';

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
