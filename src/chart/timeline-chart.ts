/**
 * The timeline as a picture: a Vega-Lite bar chart, compiled by vega-lite, drawn to SVG by
 * vega's headless renderer and rasterised to PNG by resvg with the DejaVu Sans font shipped
 * as a package, so a chart looks the same on every machine and needs no system fonts.
 * The libraries are loaded on first use: a bot that never draws pays nothing at start-up.
 */
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import type { Timeline } from './timeline-data.ts';

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 420;
const FONT_FAMILY = 'DejaVu Sans';
const MAX_TITLE = 90;
const MAX_VENUE = 48;

export interface ChartText {
  readonly title: string;
  readonly subtitle: string;
}

/** The Vega-Lite spec: one bar per year, the title and subtitle as given; the data is the timeline's own. */
export function timelineSpec(timeline: Timeline, text: ChartText): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    title: { text: clean(text.title, MAX_TITLE), subtitle: clean(text.subtitle, MAX_TITLE * 2), anchor: 'start' },
    data: { values: timeline.years.map((bar) => ({ year: String(bar.year), count: bar.count })) },
    mark: { type: 'bar', color: '#5865f2' },
    encoding: {
      x: {
        field: 'year',
        type: 'ordinal',
        title: 'Year',
        axis: { labelAngle: timeline.years.length > 20 ? -90 : 0, labelOverlap: true },
      },
      y: { field: 'count', type: 'quantitative', title: 'Entries', axis: { tickMinStep: 1, format: 'd' } },
    },
    config: { font: FONT_FAMILY, title: { fontSize: 16 }, view: { stroke: null } },
  };
}

/** Title and subtitle lines for a query's timeline: the total, the span, and the top venues. */
export function chartText(timeline: Timeline, queryText: string): ChartText {
  const total = `${timeline.total} ${timeline.total === 1 ? 'entry matches' : 'entries match'} "${queryText}"`;
  const venues = timeline.venues.map((venue) => `${clean(venue.venue, MAX_VENUE)} (${venue.count})`).join(' · ');
  const undated = timeline.undated ? `${timeline.undated} without a year` : '';
  return {
    title: total,
    subtitle: [venues ? `Top venues: ${venues}` : 'No venues given', undated].filter(Boolean).join('; '),
  };
}

export interface RenderedChart {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

let libraries:
  | Promise<{
      vega: typeof import('vega');
      compile: typeof import('vega-lite').compile;
      Resvg: typeof import('@resvg/resvg-js').Resvg;
      fonts: string[];
    }>
  | undefined;

function loadLibraries(): NonNullable<typeof libraries> {
  libraries ??= (async () => {
    const [vega, vegaLite, resvg] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
    const require = createRequire(import.meta.url);
    const fonts = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
      require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
    );
    return { vega, compile: vegaLite.compile, Resvg: resvg.Resvg, fonts };
  })();
  return libraries;
}

export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  const { vega, compile, Resvg, fonts } = await loadLibraries();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const image = new Resvg(svg, {
      font: { loadSystemFonts: false, fontFiles: fonts, defaultFontFamily: FONT_FAMILY },
      fitTo: { mode: 'original' },
    }).render();
    return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
  } finally {
    view.finalize();
  }
}

/** Control characters are not text in SVG (XML refuses them), and a lone surrogate is not a character. */
function clean(text: string, max: number): string {
  const plain = text
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\s+/g, ' ')
    .trim();
  const characters = Array.from(plain);
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : plain;
}
