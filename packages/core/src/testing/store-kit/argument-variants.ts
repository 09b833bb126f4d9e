/** One argument list that differs from the original in exactly one place. */
export interface ArgumentVariant {
  /** Where it differs: `"1"` for the second argument, `"0.userId"` for a member. */
  readonly path: string;
  /** The arguments with that one place changed. */
  readonly args: unknown[];
}

const NO_VARIANT = Symbol('no variant');

/**
 * Every single-place change of `args` the kit knows how to make: each primitive
 * argument, and each primitive member of a plain-object argument. Arrays and
 * other objects are left alone (multi-reads have their own tests).
 */
export function argumentVariants(args: readonly unknown[]): ArgumentVariant[] {
  const variants: ArgumentVariant[] = [];
  args.forEach((argument, index) => {
    const changed = vary(argument);
    if (changed !== NO_VARIANT) {
      variants.push({ path: String(index), args: replaceAt(args, index, changed) });
      return;
    }
    if (!isPlainObject(argument)) return;
    for (const [member, value] of Object.entries(argument)) {
      const changedMember = vary(value);
      if (changedMember === NO_VARIANT) continue;
      variants.push({
        path: `${index}.${member}`,
        args: replaceAt(args, index, { ...argument, [member]: changedMember }),
      });
    }
  });
  return variants;
}

function vary(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return `${value}-variant`;
    case 'number':
      return Number.isInteger(value) ? value + 1 : value * 2 + 1;
    case 'bigint':
      return value + 1n;
    case 'boolean':
      return !value;
    default:
      return NO_VARIANT;
  }
}

function replaceAt(args: readonly unknown[], index: number, value: unknown): unknown[] {
  const copy = [...args];
  copy[index] = value;
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
