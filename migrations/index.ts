import { Init1764140000000 } from './1764140000000-init';
import { Opportunities1764150000000 } from './1764150000000-opportunities';
import { AuditAppendOnly1764160000000 } from './1764160000000-audit-append-only';
import { PartnerLinks1764170000000 } from './1764170000000-partner-links';
import { WorkloadNames1764170001000 } from './1764170001000-workload-names';
import { OpportunityState1764180000000 } from './1764180000000-opportunity-state';
import { People1764190000000 } from './1764190000000-people';
import { OutboundEvents1764200000000 } from './1764200000000-outbound-events';
import { MailNotices1764210000000 } from './1764210000000-mail-notices';
import { Routing1764220000000 } from './1764220000000-routing';
import { AceSync1764230000000 } from './1764230000000-ace-sync';

/** Every migration, in order. The schema exists only through these. */
export const MIGRATIONS = [
  Init1764140000000,
  Opportunities1764150000000,
  AuditAppendOnly1764160000000,
  PartnerLinks1764170000000,
  WorkloadNames1764170001000,
  OpportunityState1764180000000,
  People1764190000000,
  OutboundEvents1764200000000,
  MailNotices1764210000000,
  Routing1764220000000,
  AceSync1764230000000,
];
