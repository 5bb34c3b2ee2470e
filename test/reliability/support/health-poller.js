// A /health poller in a process of its own (forked by health-probe.ts): it
// asks GET <url> every <interval> ms, each ask waiting for no earlier answer,
// until its parent says "stop"; then it sends back every answer's time and
// status and exits. Out of the test runner's process, a pause of the runner
// (its garbage collector, with a long chain's test data on its heap) cannot
// be counted against the API: what is timed is what a separate client sees.
'use strict';

const [url, intervalArg] = process.argv.slice(2);
const interval = Number(intervalArg);
const answers = [];
const asks = [];
let polling = true;

async function ask() {
  const started = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    await res.text();
    answers.push({ ms: performance.now() - started, status: res.status });
  } catch {
    answers.push({ ms: Number.POSITIVE_INFINITY, status: 0 });
  }
}

function tick() {
  if (!polling) return;
  asks.push(ask());
  setTimeout(tick, interval);
}

process.on('message', (message) => {
  if (message !== 'stop') return;
  polling = false;
  void Promise.all(asks).then(() => {
    // Infinity does not survive JSON: an answer that never came is sent as null.
    process.send(
      answers.map((a) => ({ ms: Number.isFinite(a.ms) ? a.ms : null, status: a.status })),
      () => process.exit(0),
    );
  });
});

// A fresh process's first fetch loads and compiles its HTTP client (100 to
// 230 ms on 2 busy cores): asked once before counting, like the test's own
// warm-up, so that the first time counted is the API's and not the poller's.
void ask().then(() => {
  answers.length = 0;
  process.send('ready', tick);
});
