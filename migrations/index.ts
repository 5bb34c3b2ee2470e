import { Init1764140000000 } from './1764140000000-init';
import { Opportunities1764150000000 } from './1764150000000-opportunities';
import { AuditAppendOnly1764160000000 } from './1764160000000-audit-append-only';

/** Every migration, in order. The schema exists only through these. */
export const MIGRATIONS = [Init1764140000000, Opportunities1764150000000, AuditAppendOnly1764160000000];
