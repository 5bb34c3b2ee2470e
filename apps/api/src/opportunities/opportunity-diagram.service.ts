import { Injectable } from '@nestjs/common';
import { opportunityGraph, stateString, toDot, toMermaid, type DiagramHighlight } from '@mapflow/workflow';
import type { Caller } from '../auth/caller';
import type { DiagramFormat } from './dto';
import { OpportunitiesRepository } from './opportunities.repository';
import { renderSvg } from './svg-renderer';
import { visibleOr404 } from '../auth/visibility';

/** The machine as a graph, walked once: v1 is the only released machine version. */
const MACHINE_GRAPH = opportunityGraph();

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
    const text =
      format === 'mermaid' ? toMermaid(MACHINE_GRAPH, highlight) : await renderSvg(toDot(MACHINE_GRAPH, highlight));
    return { format, text };
  }
}
