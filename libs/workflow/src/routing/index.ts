export * from './policy';
export * from './inquiry';
export * from './matching';
