import { inspect } from 'node:util';

/** `1536` -> `1.5 KiB`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `61_500` -> `1 min 1.5 s`. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A ratio as a percentage, `-` when there is nothing to divide. */
export function formatRatio(ratio: number | undefined): string {
  return ratio === undefined ? '-' : `${(ratio * 100).toFixed(1)} %`;
}

/** A value for people: JSON when it is plain JSON, else Node's inspection (Map, Date, ...). */
export function formatValue(value: unknown, plainJson: boolean | undefined): string {
  if (plainJson === true) return JSON.stringify(value, null, 2);
  return inspect(value, { depth: 8, breakLength: 100, colors: false });
}

/** Rows of `label  value`, labels padded to one width. */
export function formatTable(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows
    .map(([label, value]) => {
      const [first, ...rest] = value.split('\n');
      const indent = ' '.repeat(width + 2);
      return [`${label.padEnd(width)}  ${first}`, ...rest.map((line) => indent + line)].join('\n');
    })
    .join('\n');
}

/** `hits / (hits + misses)`, `undefined` when both are 0 or unknown. */
export function hitRatio(hits: number | undefined, misses: number | undefined): number | undefined {
  if (hits === undefined || misses === undefined || hits + misses === 0) return undefined;
  return hits / (hits + misses);
}
