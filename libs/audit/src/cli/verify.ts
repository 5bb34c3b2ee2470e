import { readFileSync } from 'node:fs';
import { verifyExport } from '../offline';

/**
 * `npm run audit:verify -- <export.ndjson> [--checkpoint <file> --public-key <file>]`
 *
 * Checks an NDJSON export of one opportunity's audit log with no server and
 * no database: every line parses, every seq, link and hash holds, the events
 * replay through the machine; with a checkpoint and the public key you trust,
 * the checkpoint's signature holds and the export extends the head it covered.
 * Prints the verdict as JSON; exits 1 on any fault, 2 on bad arguments.
 */
async function main(argv: string[]): Promise<number> {
  const file = argv[0];
  const at = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const checkpointFile = at('--checkpoint');
  const keyFile = at('--public-key');
  if (!file || file.startsWith('--') || (checkpointFile === undefined) !== (keyFile === undefined)) {
    process.stderr.write('usage: npm run audit:verify -- <export.ndjson> [--checkpoint <file> --public-key <file>]\n');
    return 2;
  }
  const verdict = await verifyExport(
    readFileSync(file, 'utf8'),
    checkpointFile && readFileSync(checkpointFile, 'utf8'),
    keyFile && readFileSync(keyFile, 'utf8'),
  );
  process.stdout.write(`${JSON.stringify(verdict)}\n`);
  return verdict.valid ? 0 : 1;
}

void main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
