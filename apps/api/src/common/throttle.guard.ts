import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { bearerKey, hashApiKey } from '../auth/keys';

/** Rate limits per API key (MAPFLOW_RATE_LIMIT_PER_MIN), or per address when no key is sent. */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const headers = req.headers as Record<string, string | string[] | undefined> | undefined;
    const key = bearerKey(headers?.authorization);
    return key ? `key:${hashApiKey(key)}` : `ip:${String(req.ip)}`;
  }
}
