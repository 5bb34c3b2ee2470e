export * from './common.dto';
export * from './events.dto';
export * from './opportunity.dto';
