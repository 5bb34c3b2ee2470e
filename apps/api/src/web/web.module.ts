import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { PeopleModule } from '../people/people.module';
import { CustomerController } from './customer.controller';
import { OpportunityPages } from './opportunity.pages';
import { OpsController } from './ops.controller';
import { OpsPages } from './ops.pages';
import { PartnerController } from './partner.controller';
import { AssetsController } from './assets.controller';
import { SignInController } from './sign-in.controller';
import { SignInPages } from './sign-in.pages';
import { WebGuard } from './web-auth';

/**
 * The web app under /app (design/web.md): server-rendered pages for
 * customers, partners and ops, calling the same services as the API.
 */
@Module({
  imports: [PeopleModule, OpportunitiesModule, AuditModule],
  controllers: [SignInController, AssetsController, CustomerController, OpsController, PartnerController],
  providers: [SignInPages, OpportunityPages, OpsPages, WebGuard],
})
export class WebModule {}
