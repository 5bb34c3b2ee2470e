/**
 * Calls `stop` on the first SIGINT or SIGTERM, and `force` on a later one (a
 * second Ctrl-C). One stop request can arrive twice at once: Ctrl-C signals
 * the terminal's whole process group, and npm, whose start script execs node,
 * forwards the signal it got too (as do `timeout` and other supervisors that
 * signal a group); a repeat within a second is taken for that one.
 */
export function onStopSignals(
  stop: (signal: NodeJS.Signals) => void,
  force: (signal: NodeJS.Signals) => void,
  sameWithinMs = 1000,
): void {
  let first = 0;
  const handle = (signal: NodeJS.Signals): void => {
    if (first === 0) {
      first = Date.now();
      stop(signal);
    } else if (Date.now() - first > sameWithinMs) {
      force(signal);
    }
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
