export * from './common.dto';
export * from './events.dto';
export * from './events-v2.dto';
export * from './opportunity.dto';
