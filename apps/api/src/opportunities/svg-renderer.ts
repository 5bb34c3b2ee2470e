import { instance, type Viz } from '@viz-js/viz';

/**
 * Graphviz, compiled to WebAssembly (`@viz-js/viz`), in process: no `dot`
 * binary on the host. Its package exports a CommonJS build under the
 * `require` condition, so the compiled `require('@viz-js/viz')` loads it.
 * The instance (a few MB of WebAssembly) is created on first use and reused;
 * a failed start is forgotten so that the next call tries again.
 */
let viz: Promise<Viz> | null = null;

function graphviz(): Promise<Viz> {
  if (viz === null) {
    viz = instance().catch((error: unknown) => {
      viz = null;
      throw error;
    });
  }
  return viz;
}

/** Renders Graphviz DOT to an SVG document (throws on invalid DOT). */
export async function renderSvg(dot: string): Promise<string> {
  return (await graphviz()).renderString(dot, { format: 'svg', engine: 'dot' });
}
