/** One step from a value to a nested value. */
export type PathSegment =
  | string
  | number
  | { readonly kind: 'map-key' | 'map-value' | 'set-item'; readonly index: number };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Renders a path like `$.user.roles[2]`, `$["a b"]`, `$.byId<map value 3>`. */
export function formatValuePath(segments: readonly PathSegment[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (typeof segment === 'string')
      path += IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
    else path += `<${segment.kind.replace('-', ' ')} ${segment.index}>`;
  }
  return path;
}
