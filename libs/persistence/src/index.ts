export * from './audit-entries';
export * from './data-source';
export * from './database';
export * from './embedded';
export * from './entities';
export * from './seed/long-chain';
