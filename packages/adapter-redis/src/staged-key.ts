/**
 * The key a large compare-and-set value is staged under before the script moves
 * it to `fullKey` (`<prefix><user key>`). It shares `fullKey`'s cluster slot: its
 * hash tag is `fullKey`'s own tag, or `fullKey` itself when that has none. It
 * starts with the prefix minus its last `:` (`pc:acls{...}`), so it stays within
 * an ACL key pattern such as `~pc:*` but outside the namespace's `pc:acls:*`
 * (`clear()`, `keys()`), and no key of another namespace can be spelled like it.
 * `suffix` makes it unique.
 *
 * @returns `undefined` when no such tag exists: `fullKey` has no hash tag of its
 *   own but holds a `}` (e.g. `{}x}`); the value then goes to the script as an
 *   argument.
 */
export function stagedKey(prefix: string, fullKey: string, suffix: string): string | undefined {
  // Redis' rule: the tag is what lies between the first `{` and the first `}`
  // after it, when that is not empty; otherwise the whole key is hashed.
  let tag: string | undefined;
  const open = fullKey.indexOf('{');
  if (open >= 0) {
    const close = fullKey.indexOf('}', open + 1);
    if (close > open + 1) tag = fullKey.slice(open + 1, close);
  }
  if (tag === undefined) {
    if (fullKey.includes('}')) return undefined;
    tag = fullKey;
  }
  return `${prefix.slice(0, -1)}{${tag}}${suffix}`;
}
