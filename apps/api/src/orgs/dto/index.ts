export { CreateOrgDto, OrgResponseDto } from './create-org.dto';
export { ApiKeyResponseDto, CreateApiKeyDto } from './create-api-key.dto';
export { LinkPartnerDto, PartnerLinkDto, PartnerLinkListDto } from './partner-link.dto';
export * from './me.dto';
export { CreateInvitationDto, InvitationDto } from './invitation.dto';
