export { CreateOrgDto, OrgResponseDto } from './create-org.dto';
export { ApiKeyResponseDto, CreateApiKeyDto } from './create-api-key.dto';
