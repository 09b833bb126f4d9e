/** `12345.6` -> `12.3k`, `19000000` -> `19.0M`: ops/s as people read them. */
export function formatOps(value: number | undefined): string {
  if (value === undefined) return '-';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(2)}k`;
  return value.toFixed(value >= 100 ? 0 : 1);
}

/** A latency in microseconds, with a unit that keeps 2-3 significant digits. */
export function formatMicroseconds(value: number | undefined): string {
  if (value === undefined) return '-';
  if (value >= 1_000) return `${(value / 1_000).toFixed(2)} ms`;
  if (value >= 10) return `${value.toFixed(1)} µs`;
  if (value >= 1) return `${value.toFixed(2)} µs`;
  return `${(value * 1_000).toFixed(0)} ns`;
}

/** A ratio such as `0.93x`, `12x`. */
export function formatRatio(value: number | undefined): string {
  if (value === undefined) return '-';
  if (value >= 10) return `${value.toFixed(0)}x`;
  if (value >= 0.1) return `${value.toFixed(2)}x`;
  return `${value.toPrecision(2)}x`;
}
