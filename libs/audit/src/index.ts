export * from './chain';
export * from './checkpoint';
export * from './verify';
export * from './offline';
export * from './replay';
export * from './synthetic';
export * from './stream';
