import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';

const NDJSON = 'application/x-ndjson';

/** Whether the request's `Accept` asks for NDJSON (a whole chain, streamed) rather than JSON pages. */
export function acceptsNdjson(accept: string | undefined): boolean {
  return accept?.includes(NDJSON) ?? false;
}

/** Lines streamed as they are produced, as `application/x-ndjson`. */
export function ndjsonFile(lines: AsyncIterable<string>): StreamableFile {
  return new StreamableFile(Readable.from(lines), { type: NDJSON });
}
