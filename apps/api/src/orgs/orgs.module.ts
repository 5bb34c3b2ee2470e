import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PeopleModule } from '../people/people.module';
import { MeController } from './me.controller';
import { OrgsController } from './orgs.controller';
import { OrgsRepository } from './orgs.repository';
import { OrgsService } from './orgs.service';

/** Orgs, their API keys (minted through the auth feature) and the links between partners and customers. */
@Module({
  imports: [AuthModule, PeopleModule],
  controllers: [OrgsController, MeController],
  providers: [OrgsRepository, OrgsService],
  exports: [OrgsService],
})
export class OrgsModule {}
