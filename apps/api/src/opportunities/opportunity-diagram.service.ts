import { Injectable } from '@nestjs/common';
import {
  machineGraph,
  opportunityGraph,
  opportunityMachine2,
  stateString,
  toDot,
  toMermaid,
  versionOf,
  type DiagramHighlight,
} from '@mapflow/workflow';
import type { Caller } from '../auth/caller';
import type { DiagramFormat } from './dto';
import { OpportunitiesRepository } from './opportunities.repository';
import { renderSvg } from './svg-renderer';
import { visibleOr404 } from '../auth/visibility';

/** Each machine version as a graph, walked once: an opportunity is drawn on the machine it runs. */
const MACHINE_GRAPHS = { '1': opportunityGraph(), '2': machineGraph(opportunityMachine2) };

/** A diagram's text, in its format. */
export interface Diagram {
  format: DiagramFormat;
  text: string;
}

/** The state machine drawn for one opportunity. */
@Injectable()
export class OpportunityDiagramService {
  constructor(private readonly opportunities: OpportunitiesRepository) {}

  /**
   * The machine with this opportunity's current state and path: SVG, or the
   * Mermaid source. The path is the snapshot's phase history (the states in
   * the order they were entered), which a replay of the audit log reproduces.
   */
  async render(caller: Caller, id: string, format: DiagramFormat = 'svg'): Promise<Diagram> {
    const record = visibleOr404(caller, await this.opportunities.findById(id), id);
    const highlight: DiagramHighlight = {
      current: stateString(record.snapshot),
      path: record.snapshot.context.phaseHistory.map((entry) => entry.phase),
    };
    const graph = MACHINE_GRAPHS[versionOf(record.snapshot)];
    const text = format === 'mermaid' ? toMermaid(graph, highlight) : await renderSvg(toDot(graph, highlight));
    return { format, text };
  }
}
