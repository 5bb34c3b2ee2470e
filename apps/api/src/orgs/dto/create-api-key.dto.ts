import { Text } from '../../common/validation';

export class CreateApiKeyDto {
  /**
   * Name of the new user the key belongs to.
   * @example "jane.doe@acme.example"
   */
  @Text(200)
  userName!: string;
}

export class ApiKeyResponseDto {
  /**
   * The API key. It is shown this once; only its SHA-256 is stored.
   * @example "mf_Xy3...redacted"
   */
  key!: string;
  /**
   * The key's id: what `DELETE /v1/api-keys/{id}` revokes.
   * @example "9d6a3c2e-1f4b-4e8a-b7c5-2d1e0f9a8b76"
   */
  id!: string;
  /** @example "0b8f1f1e-6c52-4d7e-a4de-6f6f1f8d5a21" */
  userId!: string;
  /** @example "5f0c6a52-8a3e-4c1b-9f57-3a6a2f7d1e10" */
  orgId!: string;
}
