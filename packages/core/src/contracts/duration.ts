/** Units a duration string may end with (short and long forms, as `@lukeed/ms` reads them). */
export type DurationUnit =
  | 'ms'
  | 'msec'
  | 'msecs'
  | 'millisecond'
  | 'milliseconds'
  | 's'
  | 'sec'
  | 'secs'
  | 'second'
  | 'seconds'
  | 'm'
  | 'min'
  | 'mins'
  | 'minute'
  | 'minutes'
  | 'h'
  | 'hr'
  | 'hrs'
  | 'hour'
  | 'hours'
  | 'd'
  | 'day'
  | 'days'
  | 'w'
  | 'week'
  | 'weeks'
  | 'y'
  | 'yr'
  | 'yrs'
  | 'year'
  | 'years';

/**
 * A duration written with its unit: `'250ms'`, `'5m'`, `'1.5h'`, `'2d'` (a space
 * before the unit is allowed: `'5 minutes'`). Converted to milliseconds when the
 * options are read; an unreadable string throws `InvalidOptionsError`.
 */
export type DurationString = `${number}${DurationUnit}` | `${number} ${DurationUnit}`;

/** A number of milliseconds, or a `DurationString`. */
export type Duration = number | DurationString;
