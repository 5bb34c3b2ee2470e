/** Charts drawn on the server as SVG (design/web.md "Reports"): no script, readable by a screen reader through its title and the table beside it. */

/** One series of a chart: its name in the legend and its colour (each AA-contrasting on white). */
export interface Series {
  name: string;
  color: string;
}

/** One group of bars: its label, and a value per series. */
export interface BarGroup {
  label: string;
  values: number[];
}

const LABEL_WIDTH = 170;
const PLOT_WIDTH = 480;
const BAR_HEIGHT = 12;
const GROUP_GAP = 10;
const LEGEND_HEIGHT = 28;
/** The label column holds this many characters in the layout's 12 px sans-serif. */
const LABEL_CHARS = 24;

function clip(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

/**
 * Horizontal grouped bars, one group per label, each bar's length its value
 * over the largest; `format` writes a value at the end of its bar.
 */
export function BarChart(props: {
  id: string;
  title: string;
  series: Series[];
  groups: BarGroup[];
  format: (value: number) => string;
}): JSX.Element {
  const { series, groups } = props;
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const groupHeight = series.length * BAR_HEIGHT + GROUP_GAP;
  const height = LEGEND_HEIGHT + groups.length * groupHeight + 8;
  const width = LABEL_WIDTH + PLOT_WIDTH + 110;
  return (
    <svg
      class="chart"
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      width={String(width)}
      height={String(height)}
      role="img"
      aria-labelledby={`${props.id}-title`}
      font-family="DejaVu Sans, sans-serif"
      font-size="12"
    >
      <title id={`${props.id}-title`} safe>
        {props.title}
      </title>
      {series.map((s, i) => (
        <g>
          <rect x={String(LABEL_WIDTH + i * 110)} y="6" width="12" height="12" fill={s.color} />
          <text x={String(LABEL_WIDTH + i * 110 + 16)} y="16" fill="#1b1f24" safe>
            {s.name}
          </text>
        </g>
      ))}
      {groups.map((g, gi) => {
        const top = LEGEND_HEIGHT + gi * groupHeight;
        return (
          <g>
            <text
              x={String(LABEL_WIDTH - 8)}
              y={String(top + (series.length * BAR_HEIGHT) / 2 + 4)}
              text-anchor="end"
              fill="#1b1f24"
              safe
            >
              {clip(g.label)}
            </text>
            {g.values.map((v, si) => {
              const w = Math.round((v / max) * PLOT_WIDTH);
              const y = top + si * BAR_HEIGHT;
              return (
                <g>
                  <rect
                    x={String(LABEL_WIDTH)}
                    y={String(y)}
                    width={String(w)}
                    height={String(BAR_HEIGHT - 2)}
                    fill={series[si]?.color ?? '#4a5561'}
                  />
                  <text
                    x={String(LABEL_WIDTH + w + 4)}
                    y={String(y + BAR_HEIGHT - 3)}
                    fill="#1b1f24"
                    font-size="10"
                    safe
                  >
                    {props.format(v)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
