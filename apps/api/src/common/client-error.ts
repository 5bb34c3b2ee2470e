import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AppError, ErrorCode } from './errors';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/**
 * Fastify's `clientErrorHandler`: a request that is not valid HTTP (a broken
 * request line, header or chunked framing, Content-Length with
 * Transfer-Encoding, headers over Node's 16 KiB) never reaches a route, and
 * Fastify would answer it on the socket with its own JSON. This answers it as
 * a problem document like every other error, then closes the connection.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let appError: AppError;
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    appError = new AppError(ErrorCode.HeadersTooLarge, 'The request line and headers exceed 16 KiB');
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    appError = new AppError(ErrorCode.RequestTimeout, 'The request did not arrive in time');
  } else {
    appError = new AppError(ErrorCode.MalformedRequest, 'The request could not be parsed as HTTP/1.1');
  }
  const problem = toProblem(appError);
  const body = JSON.stringify(problem);
  // As Node's own handler: never write into an answer already under way on this connection.
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (socket.writable && answering !== true) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * Fastify's `frameworkErrors`: a URL whose percent-encoding is broken, or a
 * path parameter over Fastify's length limit, is refused before routing, with
 * Fastify's own JSON. Both are malformed input: a 400 problem document.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const detail =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The URL is not validly percent-encoded'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'A path parameter is too long'
        : 'The request could not be routed';
  const problem = toProblem(new AppError(ErrorCode.Validation, detail), request.url, String(request.id));
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
