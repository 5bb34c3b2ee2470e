/**
 * The state machine as a picture, generated from the machine definition (never
 * drawn by hand): a walk over the root state node's child states and their
 * transitions gives a graph, which is written as Graphviz DOT (rendered to SVG
 * by the API) or as a Mermaid flowchart. A new state or event of the machine
 * appears in both with no change here.
 *
 * Drawn: one node per state (final states double-circled), the initial
 * transition from a start dot, one edge per (source, target) pair labelled
 * with its event types. Self-transitions (the events a phase accepts without
 * leaving it) are listed inside their state's node rather than drawn as
 * loops: a phase accepts up to twenty of them. Given a highlight, the states
 * on the path and the edges between consecutive ones are drawn in blue, and
 * the current state is filled amber.
 *
 * Pure: no rendering here (the API renders DOT with Graphviz).
 */
import { opportunityMachine } from './machine';

/** What the walk reads of a transition: xstate's `TransitionDefinition` has these. */
export interface DiagramTransition {
  readonly eventType: string;
  readonly target?: readonly { readonly key: string }[] | undefined;
}

/** What the walk reads of a state node: xstate's `StateNode` has these. */
export interface DiagramStateNode {
  readonly key: string;
  readonly type: string;
  readonly states: Readonly<Record<string, DiagramStateNode>>;
  readonly transitions: ReadonlyMap<string, readonly DiagramTransition[]>;
  readonly initial: { readonly target: readonly { readonly key: string }[] };
}

/** What the walk reads of a machine: xstate's `StateMachine` has these. */
export interface DiagramMachine {
  readonly id: string;
  readonly root: DiagramStateNode;
}

export interface GraphState {
  key: string;
  final: boolean;
  /** Events that keep the machine in this state (self-transitions), in definition order. */
  selfEvents: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  /** Event types leading from `from` to `to`, in definition order, each once. */
  events: string[];
}

/** The machine as a graph. */
export interface MachineGraph {
  id: string;
  initial: string | null;
  states: GraphState[];
  edges: GraphEdge[];
}

/** The opportunity to show on the graph: its current state and the states it went through, in order. */
export interface DiagramHighlight {
  current: string;
  /** States in the order they were entered, starting with the initial state; repeats are fine. */
  path: readonly string[];
}

const edgeKey = (from: string, to: string): string => `${from}\u0000${to}`;

/**
 * Walks the machine's top-level states and their transitions. Flat machines
 * only (mapflow's has one state per phase): a compound state is refused,
 * since drawing it needs clusters this walk does not draw.
 */
export function machineGraph(machine: DiagramMachine): MachineGraph {
  const states: GraphState[] = [];
  const edges = new Map<string, GraphEdge>();
  for (const node of Object.values(machine.root.states)) {
    if (Object.keys(node.states).length > 0) {
      throw new Error(`machineGraph draws flat machines only: state "${node.key}" has child states`);
    }
    const selfEvents: string[] = [];
    for (const [eventType, transitions] of node.transitions) {
      for (const transition of transitions) {
        const targets = transition.target?.map((t) => t.key) ?? [];
        for (const to of targets.length === 0 ? [node.key] : targets) {
          if (to === node.key) {
            if (!selfEvents.includes(eventType)) selfEvents.push(eventType);
            continue;
          }
          const id = edgeKey(node.key, to);
          const edge = edges.get(id) ?? { from: node.key, to, events: [] };
          if (!edge.events.includes(eventType)) edge.events.push(eventType);
          edges.set(id, edge);
        }
      }
    }
    states.push({ key: node.key, final: node.type === 'final', selfEvents });
  }
  return {
    id: machine.id,
    initial: machine.root.initial.target[0]?.key ?? null,
    states,
    edges: [...edges.values()],
  };
}

/** The graph of the opportunity machine in use. */
export function opportunityGraph(): MachineGraph {
  return machineGraph(opportunityMachine);
}

interface Marks {
  current: string | null;
  states: Set<string>;
  edges: Set<string>;
  initialVisited: boolean;
}

function marksOf(graph: MachineGraph, highlight: DiagramHighlight | undefined): Marks {
  if (highlight === undefined) return { current: null, states: new Set(), edges: new Set(), initialVisited: false };
  const path = [...highlight.path];
  if (path[path.length - 1] !== highlight.current) path.push(highlight.current);
  const edges = new Set<string>();
  for (let i = 1; i < path.length; i += 1) {
    const from = path[i - 1];
    const to = path[i];
    if (from !== to) edges.add(edgeKey(from, to));
  }
  return { current: highlight.current, states: new Set(path), edges, initialVisited: path[0] === graph.initial };
}

/** Colours of the picture; the SVG tests read them back. */
export const DIAGRAM_COLORS = {
  current: '#fbbf24',
  currentBorder: '#b45309',
  visited: '#dbeafe',
  path: '#2563eb',
  idle: '#ffffff',
  idleBorder: '#6b7280',
  idleEdge: '#9ca3af',
  text: '#111827',
  muted: '#4b5563',
} as const;

/** Self-events shown per line inside a node. */
const EVENTS_PER_LINE = 2;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A DOT double-quoted string. */
function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Text inside a Graphviz HTML-like label. */
function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A safe SVG id fragment. */
function idPart(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** A Graphviz HTML-like label, written between angle brackets rather than quotes. */
interface HtmlLabel {
  html: string;
}

/**
 * The diagram's one font. Graphviz sizes every box by its own table of the
 * named font's metrics, and knows Arial's only under a single family name: a
 * list such as "Helvetica,Arial,sans-serif" falls back to Times, narrower, and
 * the labels, drawn in Arial (or its metric twin Liberation Sans), overflow
 * their boxes by 5%. The browser test of the diagram measures it.
 */
const DIAGRAM_FONT = 'Arial';

function attrs(list: Record<string, string | HtmlLabel>): string {
  return Object.entries(list)
    .map(([k, v]) => (typeof v === 'string' ? `${k}=${dotString(v)}` : `${k}=<${v.html}>`))
    .join(', ');
}

function nodeLabel(state: GraphState): HtmlLabel {
  const name = `<b>${htmlText(state.key)}</b>`;
  if (state.selfEvents.length === 0) return { html: name };
  const lines = chunks(state.selfEvents, EVENTS_PER_LINE).map((line) => line.map(htmlText).join(' · '));
  return { html: `${name}<br/><font point-size="9" color="${DIAGRAM_COLORS.muted}">${lines.join('<br/>')}</font>` };
}

/**
 * Graphviz DOT for the graph. Each node's SVG group gets the id
 * `state-<key>` and the class `state`, plus `current` or `visited`; each edge
 * `edge-<from>-<to>` and the class `transition`, plus `visited`.
 */
export function toDot(graph: MachineGraph, highlight?: DiagramHighlight): string {
  const marks = marksOf(graph, highlight);
  const C = DIAGRAM_COLORS;
  const title = [
    marks.current === null ? graph.id : `${graph.id}: current state ${marks.current}`,
    'each box lists the events its state accepts without leaving it',
  ].join('\n');
  const lines = [
    `digraph ${dotString(graph.id)} {`,
    `  graph [${attrs({ rankdir: 'LR', fontname: DIAGRAM_FONT, fontsize: '14', labelloc: 't', label: title, nodesep: '0.35', ranksep: '0.6', pad: '0.3', bgcolor: 'white' })}];`,
    `  node [${attrs({ fontname: DIAGRAM_FONT, fontsize: '12', fontcolor: C.text, style: 'filled' })}];`,
    `  edge [${attrs({ fontname: DIAGRAM_FONT, fontsize: '10', arrowsize: '0.7' })}];`,
  ];
  if (graph.initial !== null) {
    const on = marks.initialVisited;
    lines.push(
      `  "__start" [${attrs({ id: 'state-__start', class: 'start', shape: 'point', width: '0.15', color: on ? C.path : C.idleBorder, label: '' })}];`,
      `  "__start" -> ${dotString(graph.initial)} [${attrs({ id: `edge-__start-${idPart(graph.initial)}`, class: on ? 'transition visited' : 'transition', color: on ? C.path : C.idleEdge, penwidth: on ? '2.5' : '1' })}];`,
    );
  }
  for (const state of graph.states) {
    const current = state.key === marks.current;
    const visited = marks.states.has(state.key);
    const fill = current ? C.current : visited ? C.visited : C.idle;
    const border = current ? C.currentBorder : visited ? C.path : C.idleBorder;
    const cls = current ? 'state current' : visited ? 'state visited' : 'state';
    lines.push(
      `  ${dotString(state.key)} [${attrs({
        id: `state-${idPart(state.key)}`,
        class: cls,
        shape: state.final ? 'doublecircle' : 'box',
        style: state.final ? 'filled' : 'rounded,filled',
        fillcolor: fill,
        color: border,
        penwidth: current ? '3' : visited ? '2' : '1',
        label: nodeLabel(state),
        tooltip: state.selfEvents.length > 0 ? `${state.key}: ${state.selfEvents.join(', ')}` : state.key,
      })}];`,
    );
  }
  for (const edge of graph.edges) {
    const on = marks.edges.has(edgeKey(edge.from, edge.to));
    lines.push(
      `  ${dotString(edge.from)} -> ${dotString(edge.to)} [${attrs({
        id: `edge-${idPart(edge.from)}-${idPart(edge.to)}`,
        class: on ? 'transition visited' : 'transition',
        label: edge.events.join('\n'),
        color: on ? C.path : C.idleEdge,
        fontcolor: on ? C.path : C.muted,
        penwidth: on ? '2.5' : '1',
      })}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Text inside a Mermaid quoted label. */
function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** A Mermaid node id that no keyword (`end`, `graph`...) can clash with. */
const mermaidId = (key: string): string => `s_${idPart(key)}`;

/**
 * A Mermaid flowchart of the graph (a flowchart rather than a
 * stateDiagram: only flowcharts can style single edges). Classes `current`
 * and `visited` mark the states, `linkStyle` the path's edges.
 */
export function toMermaid(graph: MachineGraph, highlight?: DiagramHighlight): string {
  const marks = marksOf(graph, highlight);
  const C = DIAGRAM_COLORS;
  const lines = ['flowchart LR', `  %% ${graph.id}, generated from the machine definition`];
  const onPath: number[] = [];
  let link = 0;
  if (graph.initial !== null) {
    lines.push(`  start_(("start")) --> ${mermaidId(graph.initial)}`);
    if (marks.initialVisited) onPath.push(link);
    link += 1;
  }
  for (const state of graph.states) {
    const id = mermaidId(state.key);
    const name = mermaidText(state.key);
    if (state.final) {
      lines.push(`  ${id}((("${name}")))`);
    } else {
      const events = chunks(state.selfEvents, EVENTS_PER_LINE).map((line) => line.map(mermaidText).join(' · '));
      lines.push(`  ${id}("${[`<b>${name}</b>`, ...events].join('<br/>')}")`);
    }
  }
  for (const edge of graph.edges) {
    lines.push(`  ${mermaidId(edge.from)} -->|"${edge.events.map(mermaidText).join(' / ')}"| ${mermaidId(edge.to)}`);
    if (marks.edges.has(edgeKey(edge.from, edge.to))) onPath.push(link);
    link += 1;
  }
  lines.push(
    `  classDef current fill:${C.current},stroke:${C.currentBorder},stroke-width:3px`,
    `  classDef visited fill:${C.visited},stroke:${C.path},stroke-width:2px`,
  );
  const visited = graph.states.filter((s) => marks.states.has(s.key) && s.key !== marks.current);
  if (visited.length > 0) lines.push(`  class ${visited.map((s) => mermaidId(s.key)).join(',')} visited`);
  if (marks.current !== null && graph.states.some((s) => s.key === marks.current)) {
    lines.push(`  class ${mermaidId(marks.current)} current`);
  }
  if (onPath.length > 0) lines.push(`  linkStyle ${onPath.join(',')} stroke:${C.path},stroke-width:3px`);
  return `${lines.join('\n')}\n`;
}
