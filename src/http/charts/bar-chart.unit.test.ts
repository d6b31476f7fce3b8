import { describe, expect, it } from 'vitest';
import { barChartSvg } from './bar-chart.js';

describe('a bar chart rendered on the server', () => {
  const svg = barChartSvg({
    orientation: 'horizontal',
    series: { current: '2026', previous: '2025' },
    bars: [
      { label: 'Bedreiging', value: 9, previous: 5, href: '/incidents?level=threat' },
      { label: 'Verbale agressie', value: 4, previous: 3, href: '/incidents?level=verbal_aggression&x="<' },
      { label: 'Fysiek geweld', value: 0, previous: 1 },
    ],
  });

  it('is one SVG for the eye only, scaled by its view box, with its labels and values', () => {
    expect(svg.startsWith('<svg class="wb-chart__svg" aria-hidden="true" focusable="false"')).toBe(true);
    expect(svg).toMatch(/viewBox="0 0 640 \d+"/);
    for (const text of ['Bedreiging', 'Verbale agressie', 'Fysiek geweld', '2026', '2025', '>9<', '>5<']) expect(svg).toContain(text);
  });

  it('makes each bar with a destination a link outside the tab order, escaped, and none without', () => {
    const links = [...svg.matchAll(/<a href="([^"]*)" tabindex="-1">/g)].map((m) => m[1]);
    expect(links).toEqual(['/incidents?level=threat', '/incidents?level=verbal_aggression&amp;x=&quot;&lt;']);
  });
});
