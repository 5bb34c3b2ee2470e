/**
 * The diagram is generated from the machine definition: every state and
 * every event of the machine appears, a new one appears by itself, and a
 * highlight marks the current state and the path taken.
 */
import { createMachine } from 'xstate';
import {
  DIAGRAM_COLORS,
  EVENTS_BY_PHASE,
  machineGraph,
  opportunityGraph,
  OPEN_PHASES,
  PHASES,
  toDot,
  toMermaid,
  type DiagramMachine,
  type MachineGraph,
} from '../src';

const HEROKU_PATH = ['intake', 'assess', 'mobilize', 'migrate', 'closeout', 'closed'];

/** The DOT attribute list of a node or edge statement. */
function statement(dot: string, head: string): string {
  const line = dot.split('\n').find((l) => l.trimStart().startsWith(`${head} [`));
  if (line === undefined) throw new Error(`no statement ${head}`);
  return line;
}

describe('machineGraph: the opportunity machine, walked', () => {
  const graph = opportunityGraph();

  it('has every phase as a state, the ends as final states, and intake as the initial state', () => {
    expect(graph.id).toBe('mapOpportunity.v1');
    expect(graph.initial).toBe('intake');
    expect(graph.states.map((s) => s.key).sort()).toEqual([...PHASES].sort());
    expect(graph.states.filter((s) => s.final).map((s) => s.key)).toEqual([
      'closed',
      'referred',
      'ineligible',
      'withdrawn',
    ]);
  });

  it('lists the events each open phase accepts without leaving it, and none for the ends', () => {
    for (const state of graph.states) {
      const open = (OPEN_PHASES as readonly string[]).includes(state.key);
      const expected = open
        ? EVENTS_BY_PHASE[state.key as keyof typeof EVENTS_BY_PHASE].filter((e) => e !== 'ADVANCE' && e !== 'WITHDRAW')
        : [];
      expect({ state: state.key, events: [...state.selfEvents].sort() }).toEqual({
        state: state.key,
        events: [...expected].sort(),
      });
    }
  });

  it('draws the phase changes as edges labelled with their events', () => {
    const edges = graph.edges.map((e) => `${e.from} -${e.events.join('/')}-> ${e.to}`).sort();
    expect(edges).toEqual(
      [
        'intake -ADVANCE-> assess',
        'intake -ADVANCE-> referred',
        'intake -ADVANCE-> ineligible',
        'intake -WITHDRAW-> withdrawn',
        'assess -ADVANCE-> mobilize',
        'assess -ADVANCE-> referred',
        'assess -ADVANCE-> ineligible',
        'assess -WITHDRAW-> withdrawn',
        'mobilize -ADVANCE-> migrate',
        'mobilize -WITHDRAW-> withdrawn',
        'migrate -ADVANCE-> closeout',
        'migrate -WITHDRAW-> withdrawn',
        'closeout -ADVANCE-> closed',
        'closeout -WITHDRAW-> withdrawn',
      ].sort(),
    );
  });
});

describe('machineGraph: any flat machine', () => {
  it('picks up new states and events by itself, merging alternatives to the same target', () => {
    const machine = createMachine({
      id: 'toy',
      initial: 'a',
      states: {
        a: {
          on: {
            GO: [{ target: 'b', guard: () => false }, { target: 'b' }],
            ALSO: 'b',
            STAY: [{ guard: () => false, actions: () => undefined }, {}],
            LOOP: { target: 'a', reenter: true },
          },
        },
        b: { on: { BACK: 'a', FINISH: 'done' } },
        done: { type: 'final' },
      },
    });
    expect(machineGraph(machine)).toEqual<MachineGraph>({
      id: 'toy',
      initial: 'a',
      states: [
        { key: 'a', final: false, selfEvents: ['STAY', 'LOOP'] },
        { key: 'b', final: false, selfEvents: [] },
        { key: 'done', final: true, selfEvents: [] },
      ],
      edges: [
        { from: 'a', to: 'b', events: ['GO', 'ALSO'] },
        { from: 'b', to: 'a', events: ['BACK'] },
        { from: 'b', to: 'done', events: ['FINISH'] },
      ],
    });
  });

  it('refuses a compound state, which it cannot draw', () => {
    const machine = createMachine({
      id: 'nested',
      initial: 'a',
      states: { a: { initial: 'x', states: { x: {} } } },
    });
    expect(() => machineGraph(machine)).toThrow('state "a" has child states');
  });

  it('has no initial state when the machine names none', () => {
    const machine: DiagramMachine = {
      id: 'bare',
      root: {
        key: 'bare',
        type: 'compound',
        initial: { target: [] },
        transitions: new Map(),
        states: { only: { key: 'only', type: 'atomic', initial: { target: [] }, transitions: new Map(), states: {} } },
      },
    };
    const graph = machineGraph(machine);
    expect(graph.initial).toBeNull();
    expect(toDot(graph)).not.toContain('__start');
    expect(toMermaid(graph)).not.toContain('start_');
    expect(toMermaid(graph, { current: 'only', path: ['only'] })).not.toContain('linkStyle');
  });
});

describe('toDot', () => {
  const graph = opportunityGraph();

  it('without a highlight, draws every state plain, double-circles the ends, and labels edges with events', () => {
    const dot = toDot(graph);
    expect(dot.startsWith('digraph "mapOpportunity.v1" {\n')).toBe(true);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
    for (const state of graph.states) {
      const line = statement(dot, `"${state.key}"`);
      expect(line).toContain(`class="state"`);
      expect(line).toContain(`fillcolor="${DIAGRAM_COLORS.idle}"`);
      expect(line).toContain(state.final ? 'shape="doublecircle"' : 'shape="box"');
    }
    expect(dot).not.toContain('visited');
    expect(dot).not.toContain('current');
    expect(statement(dot, '"intake" -> "assess"')).toContain('label="ADVANCE"');
    expect(statement(dot, '"closeout" -> "withdrawn"')).toContain('label="WITHDRAW"');
    // In-phase events are listed in the box, two a line, and in full in the tooltip.
    expect(statement(dot, '"intake"')).toContain(
      'label=<<b>intake</b><br/><font point-size="9" color="#4b5563">UPDATE_PROFILE · RECORD_ACTIVATE_WORKLOAD</font>>',
    );
    expect(statement(dot, '"closed"')).toContain('label=<<b>closed</b>>');
    expect(statement(dot, '"closed"')).toContain('tooltip="closed"');
  });

  it('fills the current state, and marks the states and edges of the path', () => {
    const dot = toDot(graph, { current: 'closed', path: HEROKU_PATH });
    expect(dot).toContain('current state closed');
    const closed = statement(dot, '"closed"');
    expect(closed).toContain('class="state current"');
    expect(closed).toContain(`fillcolor="${DIAGRAM_COLORS.current}"`);
    for (const key of ['intake', 'assess', 'mobilize', 'migrate', 'closeout']) {
      expect(statement(dot, `"${key}"`)).toContain('class="state visited"');
      expect(statement(dot, `"${key}"`)).toContain(`fillcolor="${DIAGRAM_COLORS.visited}"`);
    }
    for (const key of ['referred', 'ineligible', 'withdrawn']) {
      expect(statement(dot, `"${key}"`)).toContain('class="state"');
    }
    expect(statement(dot, '"__start" -> "intake"')).toContain('class="transition visited"');
    for (let i = 1; i < HEROKU_PATH.length; i += 1) {
      const edge = statement(dot, `"${HEROKU_PATH[i - 1]}" -> "${HEROKU_PATH[i]}"`);
      expect(edge).toContain('class="transition visited"');
      expect(edge).toContain(`color="${DIAGRAM_COLORS.path}"`);
    }
    expect(statement(dot, '"intake" -> "referred"')).toContain('class="transition"');
    expect(statement(dot, '"closeout" -> "withdrawn"')).toContain(`color="${DIAGRAM_COLORS.idleEdge}"`);
  });

  it('adds the current state to a path that does not end with it, and ignores repeats', () => {
    const dot = toDot(graph, { current: 'withdrawn', path: ['intake', 'intake', 'assess'] });
    expect(statement(dot, '"withdrawn"')).toContain('class="state current"');
    expect(statement(dot, '"assess" -> "withdrawn"')).toContain('class="transition visited"');
    expect(statement(dot, '"intake" -> "assess"')).toContain('class="transition visited"');
    expect(statement(dot, '"intake" -> "withdrawn"')).toContain('class="transition"');
  });

  it('does not mark the start when the path does not begin at the initial state', () => {
    const dot = toDot(graph, { current: 'migrate', path: ['mobilize'] });
    expect(statement(dot, '"__start" -> "intake"')).toContain('class="transition"');
    expect(statement(dot, '"mobilize" -> "migrate"')).toContain('class="transition visited"');
  });

  it('escapes names for DOT strings, HTML labels and SVG ids', () => {
    const odd: MachineGraph = {
      id: 'say "hi"\\',
      initial: 'a<b>&"c"',
      states: [
        { key: 'a<b>&"c"', final: false, selfEvents: ['E<1>'] },
        { key: 'z', final: true, selfEvents: [] },
      ],
      edges: [{ from: 'a<b>&"c"', to: 'z', events: ['X', 'Y'] }],
    };
    const dot = toDot(odd);
    expect(dot).toContain('digraph "say \\"hi\\"\\\\" {');
    expect(dot).toContain('label=<<b>a&lt;b&gt;&amp;&quot;c&quot;</b>');
    expect(dot).toContain('E&lt;1&gt;');
    expect(dot).toContain('id="state-a_b___c_"');
    expect(dot).toContain('id="edge-a_b___c_-z"');
    expect(dot).toContain('label="X\\nY"');
    const mermaid = toMermaid(odd);
    expect(mermaid).toContain('s_a_b___c_("<b>a#lt;b#gt;&#quot;c#quot;</b><br/>E#lt;1#gt;")');
    expect(mermaid).toContain('s_a_b___c_ -->|"X / Y"| s_z');
  });
});

describe('toMermaid', () => {
  const graph = opportunityGraph();

  it('without a highlight: a flowchart with a start, every state, final states double-circled, no marks', () => {
    const text = toMermaid(graph);
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(text).toContain('start_(("start")) --> s_intake');
    expect(text).toContain('s_intake("<b>intake</b><br/>UPDATE_PROFILE · RECORD_ACTIVATE_WORKLOAD")');
    for (const key of ['closed', 'referred', 'ineligible', 'withdrawn'])
      expect(text).toContain(`s_${key}((("${key}")))`);
    expect(text).toContain('s_assess -->|"ADVANCE"| s_mobilize');
    expect(text).toContain('s_migrate -->|"WITHDRAW"| s_withdrawn');
    expect(text).not.toMatch(/^ {2}class /m);
    expect(text).not.toContain('linkStyle');
  });

  it('marks the current state, the visited ones and the edges of the path', () => {
    const text = toMermaid(graph, { current: 'closed', path: HEROKU_PATH });
    expect(text).toContain('class s_intake,s_assess,s_mobilize,s_migrate,s_closeout visited');
    expect(text).toContain('class s_closed current');
    const links = text.split('\n').filter((l) => l.includes('-->'));
    const styled = /linkStyle ([\d,]+) stroke:#2563eb/.exec(text)?.[1]?.split(',').map(Number) ?? [];
    expect(styled.map((i) => links[i]?.trim())).toEqual([
      'start_(("start")) --> s_intake',
      's_intake -->|"ADVANCE"| s_assess',
      's_assess -->|"ADVANCE"| s_mobilize',
      's_mobilize -->|"ADVANCE"| s_migrate',
      's_migrate -->|"ADVANCE"| s_closeout',
      's_closeout -->|"ADVANCE"| s_closed',
    ]);
  });

  it('names no current class for a state the machine does not have, and no visited class for a lone current', () => {
    expect(toMermaid(graph, { current: 'nowhere', path: [] })).not.toMatch(/^ {2}class /m);
    const lone = toMermaid(graph, { current: 'intake', path: ['intake'] });
    expect(lone).toContain('class s_intake current');
    expect(lone).not.toContain(' visited\n');
  });
});
