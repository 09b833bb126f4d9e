import { expect, it } from 'vitest';
import { renderLatencyChart } from '../src/demo/latency-chart.js';

it('draws p50 and p99 of each series over time, in a self-contained SVG', () => {
  const svg = renderLatencyChart('read latency <demo>', [
    { label: 'without cache', color: 'red', starts: [0, 100, 300, 900], latencies: [4, 5, 6, 40] },
    { label: 'with cache', color: 'blue', starts: [0, 50, 700], latencies: [0.2, 0.3, 2] },
  ]);
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg).toContain('<title>read latency &lt;demo&gt;</title>');
  // Two polylines (p50 dashed, p99 solid) per series.
  expect(svg.match(/<polyline /g)).toHaveLength(4);
  expect(svg).toContain('>without cache</text>');
  expect(svg).toContain('>with cache</text>');
  expect(svg).not.toMatch(/NaN|Infinity/);
});
