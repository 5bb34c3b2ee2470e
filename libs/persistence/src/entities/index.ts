import { ApiKeyEntity } from './api-key.entity';
import { OrgEntity } from './org.entity';
import { UserEntity } from './user.entity';

export * from './api-key.entity';
export * from './org.entity';
export * from './user.entity';

/** Every entity, listed once: the data source, the tests and `db:check` share this list. */
export const ENTITIES = [OrgEntity, UserEntity, ApiKeyEntity];
