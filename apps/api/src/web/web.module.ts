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
import { AuditPages } from './audit.pages';
import { ReportsPages } from './reports.pages';
import { OrgsPagesController } from './orgs.controller';
import { OrgsPages } from './orgs.pages';
import { AuthModule } from '../auth/auth.module';
import { OrgsModule } from '../orgs/orgs.module';
import { SignInController } from './sign-in.controller';
import { SignInPages } from './sign-in.pages';
import { WebGuard } from './web-auth';
import { RoutingModule } from '../routing/routing.module';
import { InquireController } from './inquire.controller';
import { InquirePages } from './inquire.pages';
import { RoutingPagesController } from './routing.controller';
import { RoutingPages } from './routing.pages';

/**
 * The web app under /app (design/web.md): server-rendered pages for
 * customers, partners and ops, calling the same services as the API.
 */
@Module({
  imports: [PeopleModule, OpportunitiesModule, AuditModule, AuthModule, OrgsModule, RoutingModule],
  controllers: [
    SignInController,
    AssetsController,
    CustomerController,
    OpsController,
    PartnerController,
    OrgsPagesController,
    InquireController,
    RoutingPagesController,
  ],
  providers: [
    SignInPages,
    OpportunityPages,
    OpsPages,
    AuditPages,
    OrgsPages,
    ReportsPages,
    InquirePages,
    RoutingPages,
    WebGuard,
  ],
})
export class WebModule {}
