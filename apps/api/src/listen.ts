import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from './config/config';

/** Listens on the configured port and host (port 0: a free one) and answers the base URL to print. */
export async function listen(app: NestFastifyApplication, config: AppConfig): Promise<string> {
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
}
