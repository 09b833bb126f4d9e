/**
 * Markers of the extended encoding. A value JSON cannot carry is written as an
 * object with exactly one key: one of these markers. Plain-object keys that start
 * with `~` are escaped with one more `~`, so a marker never collides with user data.
 */
export const MARKER_PREFIX = '~';
/** Char code of `MARKER_PREFIX`, for the hot loops. */
export const MARKER_PREFIX_CODE = 126;

export const UNDEFINED_MARKER = '~u';
export const NUMBER_MARKER = '~n';
export const DATE_MARKER = '~d';
export const BIGINT_MARKER = '~b';
export const BYTES_MARKER = '~y';
export const BUFFER_MARKER = '~B';
export const MAP_MARKER = '~m';
export const SET_MARKER = '~s';

/** First character of a serialized value: how the rest is encoded. */
export const PLAIN_JSON_KIND = 'j';
export const EXTENDED_JSON_KIND = 'x';

/**
 * Nesting depth up to which the fast path checks a value. Deeper values (and
 * cycles, which look infinitely deep) take the extended path, which tracks ancestors.
 */
export const FAST_PATH_MAX_DEPTH = 64;
