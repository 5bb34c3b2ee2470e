import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerPage, isPageRequest } from '../web/error-page';
import { send } from '../web/page';
import { PageRedirect } from '../web/web-auth';
import { ErrorCode, IdempotentReplay } from './errors';
import { PROBLEM_CONTENT_TYPE, toAppError, toProblem } from './problem';

/**
 * The one place where errors become HTTP: every exception, from a service, a
 * guard, a pipe, Nest or Fastify, is answered as an RFC 9457 problem document.
 * (An idempotent replay also ends here: it is answered with the stored response.)
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof IdempotentReplay) {
      void reply.status(exception.status).headers(exception.headers).send(exception.body);
      return;
    }
    // A page that sends its visitor elsewhere (the sign-in form, the second factor): 303, not an error.
    if (exception instanceof PageRedirect) {
      send(reply)({ redirect: exception.location });
      return;
    }
    const error = toAppError(exception);
    if (error.code === ErrorCode.Internal) {
      this.logger.error({ err: exception, reqId: request.id }, 'unhandled error');
    } else if (error.code === ErrorCode.DatabaseUnavailable) {
      this.logger.warn({
        reqId: request.id,
        msg: exception instanceof Error ? exception.message : 'db unavailable',
      });
    }
    const problem = toProblem(error, request.url, String(request.id));
    for (const [name, value] of Object.entries(error.extras.headers ?? {})) void reply.header(name, value);
    // The web app's pages answer the same refusals as pages: the sign-in form, a redirect, or an error page.
    if (isPageRequest(request)) {
      void answerPage(request, reply, problem);
      return;
    }
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
