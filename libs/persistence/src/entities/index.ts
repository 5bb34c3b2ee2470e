import { ApiKeyEntity } from './api-key.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { FundedWorkloadEntity } from './funded-workload.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { InvitationEntity } from './invitation.entity';
import { OpportunityEntity } from './opportunity.entity';
import { OrgEntity } from './org.entity';
import { PartnerLinkEntity } from './partner-link.entity';
import { SessionEntity } from './session.entity';
import { SignInFailureEntity } from './sign-in-failure.entity';
import { UserEntity } from './user.entity';
import { MailNoticeEntity, NotifyCursorEntity } from './mail-notice.entity';
import { AceSyncEntity } from './ace-sync.entity';
import { OutboxCursorEntity } from './outbox-cursor.entity';
import {
  InquiryEntity,
  InquiryEntryEntity,
  InquiryFormPostEntity,
  InquiryOfferEntity,
  PartnerProfileEntity,
} from './routing.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

export * from './api-key.entity';
export * from './audit-entry.entity';
export * from './funded-workload.entity';
export * from './idempotency-key.entity';
export * from './invitation.entity';
export * from './opportunity.entity';
export * from './org.entity';
export * from './partner-link.entity';
export * from './session.entity';
export * from './sign-in-failure.entity';
export * from './user.entity';
export * from './outbox-cursor.entity';
export * from './mail-notice.entity';
export * from './routing.entity';
export * from './ace-sync.entity';
export * from './webhook-delivery.entity';
export * from './webhook-subscription.entity';

/** Every entity, listed once: the data source, the tests and `db:check` share this list. */
export const ENTITIES = [
  OrgEntity,
  UserEntity,
  ApiKeyEntity,
  OpportunityEntity,
  AuditEntryEntity,
  IdempotencyKeyEntity,
  FundedWorkloadEntity,
  PartnerLinkEntity,
  InvitationEntity,
  SessionEntity,
  SignInFailureEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  OutboxCursorEntity,
  MailNoticeEntity,
  NotifyCursorEntity,
  PartnerProfileEntity,
  InquiryEntity,
  InquiryOfferEntity,
  InquiryEntryEntity,
  InquiryFormPostEntity,
  AceSyncEntity,
];
