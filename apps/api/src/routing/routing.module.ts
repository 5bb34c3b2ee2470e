import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { OrgsModule } from '../orgs/orgs.module';
import { InquiriesService } from './inquiries.service';
import { OffersService } from './offers.service';
import { InquiriesController, OffersController, PartnerProfilesController } from './routing.controller';
import { RoutingRepository } from './routing.repository';

/**
 * Inquiries and partner routing (design/routing.md): partner profiles,
 * inquiries triaged at once, matching, offers with deadlines, each inquiry's
 * hash chain, and what ops sees. The public form is the web app's.
 */
@Module({
  imports: [OrgsModule, OpportunitiesModule, EventsModule],
  controllers: [PartnerProfilesController, InquiriesController, OffersController],
  providers: [RoutingRepository, InquiriesService, OffersService],
  exports: [InquiriesService, OffersService],
})
export class RoutingModule {}
