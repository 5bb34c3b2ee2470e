/**
 * Runs a script's `main` and exits with the code it answers; when it fails,
 * prints `<name>: <message>` to stderr and exits 1. The one ending of the
 * TypeScript scripts run by `node scripts/run.js` (scripts/, bench/).
 */
export function runMain(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
