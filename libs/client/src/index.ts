/**
 * A small client of mapflow's HTTP API, on any transport: orgs and keys, an
 * opportunity driven event by event with If-Match, and the Heroku Series-B
 * case of the brief as runnable steps. `npm run demo` and the e2e suites use it.
 */
export * from './problem-types';
export * from './transport';
export * from './orgs';
export * from './opportunity-client';
export * from './heroku-case';
