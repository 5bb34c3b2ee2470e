import fastifyCookie from '@fastify/cookie';
import { ModulesContainer, NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import helmet from 'helmet';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { IdempotencyInterceptor } from './idempotency/idempotency';
import { AuthService } from './auth/auth.service';
import { Authenticator } from './auth/authenticator';
import { hashApiKey } from './auth/keys';
import { authenticateBeforeBody, declareRouteAuth } from './auth/route-auth';
import { ProblemDto } from './common/api-problems';
import { answerClientError, answerFrameworkError } from './common/client-error';
import { guardBody } from './common/body-guard';
import { requestIdFor } from './common/request-id';
import { AddressLimiter } from './common/throttle.address';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/config';
import { OrgsService } from './orgs/orgs.service';
import { PeopleService } from './people/people.service';
import { resolveWebSession } from './web/web-auth';

/**
 * A request refused before its body (401, 403, 429) with a body up to this size has it read and
 * discarded, never parsed, so that a client still sending can read the refusal (a "lingering close",
 * as nginx does); a larger or chunked body gets its connection closed instead, unread.
 */
const REFUSED_BODY_DRAIN_BYTES = 8 * 1_048_576;

/** The one route whose body may be larger than MAPFLOW_BODY_LIMIT_BYTES. */
const CHECKPOINT_VERIFY_ROUTE = '/v1/audit/checkpoints/verify';
/**
 * Routes outside the anonymous rate limit: load balancers and orchestrators
 * probe /health, often from a few addresses shared with other traffic, and a
 * 429 there would take a healthy instance out of service. It takes no key and
 * no body.
 */
const UNLIMITED_ROUTES: ReadonlySet<string> = new Set(['/health', '/app/assets/:name']);

/**
 * Builds the whole HTTP app exactly as `main.ts` serves it: Fastify, helmet,
 * the validation pipe, problem documents, Swagger at /docs. The e2e suites
 * call this too, so they test what users get.
 */
export async function createApp(config: AppConfig, dataSource: DataSource): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdFor,
    // The client address is the socket's, unless MAPFLOW_TRUST_PROXY names the proxies whose X-Forwarded-For to believe.
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    // While draining (SIGTERM), a request already on a connection is served (the database is
    // still open) and its connection closed after it, rather than answered by Fastify's own
    // non-problem 503 body.
    return503OnClosing: false,
    // Requests that are not valid HTTP, or whose URL cannot be routed, get a problem document too.
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, dataSource), adapter, {
    // Quiet start-up: main.ts prints the one line that matters; pino takes over after init.
    logger: false,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // The web app's session cookie (registered before the hooks below, which read it); Nest's adapter parses its forms.
  await app.register(fastifyCookie);
  // A checkpoint covers every chain head, so it outgrows the general body limit; only its verify route takes more.
  fastify.addHook('onRoute', (route) => {
    if (route.url === CHECKPOINT_VERIFY_ROUTE) route.bodyLimit = config.checkpointBodyLimitBytes;
  });
  // Callers are authenticated, and refused, before their body is read: Nest's guards run after parsing.
  declareRouteAuth(app.get(ModulesContainer), app.get(Reflector));
  const authenticator = new Authenticator(app.get(AuthService), new AddressLimiter(config.anonRateLimitPerMin));
  const people = app.get(PeopleService);
  fastify.addHook(
    'onRequest',
    authenticateBeforeBody(authenticator, UNLIMITED_ROUTES, REFUSED_BODY_DRAIN_BYTES, (request) =>
      resolveWebSession(people, request),
    ),
  );
  fastify.addHook('preValidation', guardBody);
  fastify.addHook('onSend', app.get(IdempotencyInterceptor).answerRecorder());
  // Graceful shutdown: Fastify closes only the keep-alive connections idle when close() starts,
  // so a connection whose request was in flight would hold the server open for keepAliveTimeout
  // (72 s). Once closing, every answer closes its connection (test/reliability/shutdown).
  let draining = false;
  fastify.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (draining) void reply.header('connection', 'close');
    return payload;
  });
  // Helmet's headers, its middleware built once (@fastify/helmet builds it again for every request).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        scriptSrc: [`'self'`],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  app.useGlobalPipes(createValidationPipe());

  const described = new DocumentBuilder()
    .setTitle('mapflow API')
    .setDescription(
      'Workflow engine for AWS Migration Acceleration Program (MAP) opportunities. Every error is an RFC 9457 problem document.',
    )
    .setVersion('1')
    // Relative: "Try it out" in Swagger UI calls the host, port and scheme that served the docs, behind any proxy.
    .addServer('/', 'This API: the origin that serves these docs')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'An API key minted by ops',
    })
    // Every route takes a key unless it says otherwise (`security: []` on the @Public routes).
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(
    app,
    // mapflow is UNLICENSED (package.json): proprietary, with no licence text to link to.
    { ...described, info: { ...described.info, license: { name: 'Proprietary' } } },
    { extraModels: [ProblemDto] },
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
  await app.init();
  app.useLogger(app.get(Logger));
  await fastify.ready();
  if (config.bootstrapOpsKey !== undefined) {
    await app.get(OrgsService).ensureBootstrapOpsKey(hashApiKey(config.bootstrapOpsKey));
  }
  return app;
}
