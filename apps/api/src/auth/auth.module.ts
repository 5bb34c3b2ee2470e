import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';

/**
 * API keys and the users holding them. Requests are authenticated by the
 * `onRequest` hook of app.factory.ts (before their body), with this module's
 * service, and checked by the global ApiKeyGuard.
 */
@Module({
  controllers: [ApiKeysController],
  providers: [AuthRepository, AuthService],
  exports: [AuthService],
})
export class AuthModule {}
