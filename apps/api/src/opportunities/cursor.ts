import { AppError, ErrorCode } from '../common/errors';

/** An opaque list cursor: the (created_at, id) of the last item of a page. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (
    createdAt === undefined ||
    id === undefined ||
    Number.isNaN(Date.parse(createdAt)) ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)
  ) {
    throw new AppError(ErrorCode.Validation, 'cursor is not one this API returned', {
      errors: [{ field: 'cursor', message: 'must be a nextCursor returned by this API' }],
    });
  }
  return { createdAt, id };
}
