import * as echarts from 'echarts';
import { LRUCache } from 'lru-cache';

/** One bar: its label, this period's value and (optionally) last year's, and where a click leads. */
export interface Bar {
  label: string;
  /** null: a value not shown (a suppressed small number): no bar, no figure. */
  value: number | null;
  previous?: number | null | undefined;
  href?: string | undefined;
}

export interface BarChart {
  bars: readonly Bar[];
  /** Horizontal bars suit named categories; vertical ones a row of months. */
  orientation: 'horizontal' | 'vertical';
  /** The legend's names for the two series, when last year is shown beside this one. */
  series?: { current: string; previous: string } | undefined;
  width?: number;
}

const CURRENT = '#24578f';
const PREVIOUS = '#9aa5b1';
const ROW = 30;

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A bar chart as an SVG string, rendered on the server by ECharts (DESIGN.md): no script in the
 * browser. The picture is for the eye only (aria-hidden): the data table beside it is the
 * accessible form and has the same links. A bar's band is a link for the mouse, laid over the
 * chart from ECharts' own coordinates.
 */
export function barChartSvg(chart: BarChart): string {
  // A chart is a pure function of its input, and rendering one costs tens of milliseconds:
  // the dashboard draws eight, mostly the same figures again on the next view.
  const key = JSON.stringify(chart);
  const cached = rendered.get(key);
  if (cached !== undefined) return cached;
  const svg = renderBarChart(chart);
  rendered.set(key, svg);
  return svg;
}

/** The charts drawn lately, by their input (labels and counts only: no person is in a chart). */
const rendered = new LRUCache<string, string>({ max: 500, maxSize: 20_000_000, sizeCalculation: (svg, key) => svg.length + key.length });

function renderBarChart(chart: BarChart): string {
  const horizontal = chart.orientation === 'horizontal';
  const width = chart.width ?? 640;
  const legend = chart.series ? 28 : 0;
  const height = horizontal ? Math.max(120, chart.bars.length * ROW * (chart.series ? 1.4 : 1) + 40 + legend) : 260 + legend;
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const labels = chart.bars.map((b) => b.label);
    const categoryAxis = {
      type: 'category' as const,
      data: labels,
      axisTick: { show: false },
      axisLabel: { color: '#1a1a1a', fontSize: 13, interval: 0, ...(horizontal ? { width: 170, overflow: 'truncate' as const } : {}) },
      ...(horizontal ? { inverse: true } : {}),
    };
    const valueAxis = { type: 'value' as const, minInterval: 1, axisLabel: { color: '#1a1a1a', fontSize: 12 } };
    const label = { show: true, position: horizontal ? ('right' as const) : ('top' as const), color: '#1a1a1a', fontSize: 12 };
    instance.setOption({
      animation: false,
      textStyle: { fontFamily: 'system-ui, sans-serif' },
      grid: { left: horizontal ? 180 : 40, right: 40, top: 12 + legend, bottom: horizontal ? 24 : 40 },
      legend: chart.series ? { top: 0, left: 0, textStyle: { color: '#1a1a1a', fontSize: 13 } } : undefined,
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: [
        { name: chart.series?.current, type: 'bar', data: chart.bars.map((b) => b.value), itemStyle: { color: CURRENT }, label },
        ...(chart.series
          ? [
              {
                name: chart.series.previous,
                type: 'bar',
                data: chart.bars.map((b) => (b.previous === undefined ? 0 : b.previous)),
                itemStyle: { color: PREVIOUS },
                label,
              },
            ]
          : []),
      ],
    });
    const links = chart.bars.map((bar, i) => (bar.href ? band(instance, horizontal, labels, i, bar.href, width, height) : '')).join('');
    return instance
      .renderToSVGString()
      .replace(/^<svg width="\d+" height="\d+"/, `<svg class="wb-chart__svg" aria-hidden="true" focusable="false"`)
      .replace(/<\/svg>\s*$/, `${links}</svg>`);
  } finally {
    instance.dispose();
  }
}

/** The transparent, clickable band over one category (not in the tab order: the table has the same link). */
function band(instance: echarts.ECharts, horizontal: boolean, labels: string[], i: number, href: string, width: number, height: number) {
  const axis = horizontal ? { yAxisIndex: 0 } : { xAxisIndex: 0 };
  const centre = instance.convertToPixel(axis, labels[i]!) as unknown as number;
  const step =
    labels.length > 1
      ? Math.abs(
          (instance.convertToPixel(axis, labels[1]!) as unknown as number) -
            (instance.convertToPixel(axis, labels[0]!) as unknown as number),
        )
      : horizontal
        ? height
        : width;
  const rect = horizontal ? { x: 0, y: centre - step / 2, w: width, h: step } : { x: centre - step / 2, y: 0, w: step, h: height };
  return `<a href="${escapeAttribute(href)}" tabindex="-1"><rect x="${rect.x}" y="${rect.y}" width="${rect.w}" height="${rect.h}" fill="transparent"/></a>`;
}
