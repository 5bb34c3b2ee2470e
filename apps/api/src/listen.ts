import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer } from 'node:net';
import type { AppConfig } from './config/config';

/** The HTTP port could not be opened: the one line to print, with what to do. */
export class ListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

/** Binds and frees `port` on `host`: rejects as listening there would (EADDRINUSE, EACCES, ...). */
function probe(port: number, host: string): Promise<void> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen({ port, host, exclusive: true }, () => server.close(() => done()));
  });
}

/**
 * Listens on the configured port and host (port 0: a free one) and answers the
 * base URL to print. A port that cannot be opened is a ListenError, one line
 * with what to do; the port is tried first on its own, so Nest does not log the
 * failure as an application error too.
 */
export async function listen(app: NestFastifyApplication, config: AppConfig): Promise<string> {
  try {
    if (config.port !== 0) await probe(config.port, config.host);
    await app.listen({ port: config.port, host: config.host });
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    const at = `${config.host}:${config.port}`;
    if (code === 'EADDRINUSE') {
      throw new ListenError(
        `port ${config.port} is in use (${at}): stop what listens there, or set PORT to another port`,
      );
    }
    if (code === 'EACCES') {
      throw new ListenError(`no permission to listen on ${at}: set PORT to a port above 1023`);
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new ListenError(`cannot listen on ${at} (${code}): set HOST to an address of this machine`);
    }
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
}
