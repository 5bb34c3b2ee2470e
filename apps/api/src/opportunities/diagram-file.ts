import { StreamableFile } from '@nestjs/common';
import type { DiagramFormat } from './dto';
import type { Diagram } from './opportunity-diagram.service';

/** Content types of the diagram formats. */
export const DIAGRAM_CONTENT_TYPES: Record<DiagramFormat, string> = {
  svg: 'image/svg+xml',
  mermaid: 'text/plain; charset=utf-8',
};

/** A diagram as the HTTP answer: its text, with its format's content type. */
export function diagramFile(diagram: Diagram): StreamableFile {
  return new StreamableFile(Buffer.from(diagram.text, 'utf8'), { type: DIAGRAM_CONTENT_TYPES[diagram.format] });
}
