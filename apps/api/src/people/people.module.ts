import { Module } from '@nestjs/common';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';

/** People who sign in to the web app: invitations, passwords, sessions, TOTP. */
@Module({
  providers: [PeopleRepository, PeopleService],
  exports: [PeopleService],
})
export class PeopleModule {}
