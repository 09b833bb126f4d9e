import { CacheLayerError } from '../errors/cache-layer-error.js';
import { InvalidOptionsError } from '../errors/invalid-options-error.js';
import { checkTtlAndBurst, defineStore, STORE_NAME_PATTERN } from '../stores/define-store.js';
import type { DerivedCacheDefinition, DerivedCacheInputs } from './derived-cache-definition.js';

// biome-ignore lint/suspicious/noExplicitAny: any derived cache, whatever its types
type AnyDerivedDefinition = DerivedCacheDefinition<any, any, DerivedCacheInputs>;

const KNOWN_MEMBERS = new Set([
  'name',
  'layer',
  'uses',
  'key',
  'compute',
  'ttlMilliseconds',
  'burst',
]);

/** Definitions already checked (with everything they use). */
const CHECKED = new WeakSet<object>();

/**
 * Declares a derived cache: returns `definition` unchanged, typed, after checking
 * it and everything it uses, eagerly. A cache may use stores (layer 0) and derived
 * caches of a lower layer only, so no two caches can depend on each other.
 *
 * ```ts
 * const accessCache = (groups: GroupsDefinition, acls: AclsDefinition) =>
 *   defineDerivedCache({
 *     name: 'access',
 *     uses: { groups, acls },
 *     key: ({ userId, accountId }: UserOnAccount) => `${userId}:${accountId}`,
 *     compute: async ({ userId, accountId }, inputs) =>
 *       grantedPermissions(await inputs.groups.get(userId), await inputs.acls.get(accountId)),
 *   });
 * ```
 * @throws CacheLayerError naming the path when the caches would form a cycle or a
 *   cache uses one of its own layer or above.
 * @throws InvalidOptionsError naming the member that is missing or invalid.
 */
export function defineDerivedCache<Args, Value, Inputs extends DerivedCacheInputs>(
  definition: DerivedCacheDefinition<Args, Value, Inputs>,
): DerivedCacheDefinition<Args, Value, Inputs> {
  if (!CHECKED.has(definition)) checkDefinition(definition, []);
  return definition;
}

/** `true` when `input` is a derived cache definition (it computes, where a store loads). */
export function isDerivedCacheDefinition(input: object): input is AnyDerivedDefinition {
  return typeof (input as { compute?: unknown }).compute === 'function';
}

/** The layer of a derived cache definition (stores: 0). */
export function layerOf(definition: { readonly layer?: number }): number {
  return definition.layer ?? 1;
}

function checkDefinition(definition: AnyDerivedDefinition, path: readonly string[]): void {
  if (typeof definition !== 'object' || definition === null) {
    throw new InvalidOptionsError('[pc:derived] defineDerivedCache expects a definition object');
  }
  const name = definition.name;
  if (typeof name !== 'string' || !STORE_NAME_PATTERN.test(name)) {
    throw new InvalidOptionsError(
      `[pc:derived] set "name" to 1 to 64 characters of A-Z, a-z, 0-9, "_", "." and "-", got ${JSON.stringify(name) ?? String(name)}`,
    );
  }
  const here = [...path, name];
  const fail = (message: string): never => {
    throw new InvalidOptionsError(`[pc:derived] derived cache "${name}": ${message}`);
  };
  for (const member of Object.keys(definition)) {
    if (!KNOWN_MEMBERS.has(member)) {
      fail(`unknown member "${member}"; known: ${[...KNOWN_MEMBERS].join(', ')}`);
    }
  }
  if (typeof definition.key !== 'function') fail('set "key" to a function of the arguments');
  if (typeof definition.compute !== 'function') {
    fail('set "compute" to a function of the arguments and the inputs');
  }
  const layer = definition.layer;
  if (layer !== undefined && (!Number.isSafeInteger(layer) || layer < 1)) {
    fail(`set "layer" to a whole number of at least 1 (stores are layer 0), got ${String(layer)}`);
  }
  checkTtlAndBurst(definition, fail);
  const uses = definition.uses as Readonly<Record<string, unknown>> | undefined;
  if (typeof uses !== 'object' || uses === null || Object.keys(uses).length === 0) {
    fail('set "uses" to the stores and derived caches it reads, e.g. { groups, acls }');
  }
  const names = new Map<string, object>();
  for (const [inputName, input] of Object.entries(uses!)) {
    if (typeof input !== 'object' || input === null) {
      fail(
        `"uses.${inputName}" is ${input === null ? 'null' : typeof input}: define it before this cache (two modules that import each other leave one of them undefined)`,
      );
    }
    const inputDefinition = input as { readonly name?: unknown };
    if (!isDerivedCacheDefinition(inputDefinition)) {
      try {
        defineStore(inputDefinition as Parameters<typeof defineStore>[0]);
      } catch (error) {
        fail(
          `"uses.${inputName}" is neither a derived cache (no "compute") nor a valid store: ${(error as Error).message}`,
        );
      }
    } else {
      checkInput(definition, inputDefinition, here);
    }
    const declaredName = inputDefinition.name as string;
    if (declaredName === name) fail(`"uses.${inputName}" has this cache's own name "${name}"`);
    const known = names.get(declaredName);
    if (known !== undefined && known !== inputDefinition) {
      fail(`two different inputs are named "${declaredName}": their keys would collide`);
    }
    names.set(declaredName, inputDefinition);
  }
  CHECKED.add(definition);
}

function checkInput(
  definition: AnyDerivedDefinition,
  input: AnyDerivedDefinition,
  path: readonly string[],
): void {
  const inputPath = [...path, String(input.name)];
  if (path.includes(input.name)) {
    throw new CacheLayerError(
      `[pc:derived] derived caches depend on each other in a circle: ${inputPath.join(' -> ')}. ` +
        'A cache may use stores and caches of a lower layer only: split these caches into two layers ' +
        '(what both need in a lower one, set "layer" of the cache that uses it above)',
      { path: inputPath },
    );
  }
  const layer = layerOf(definition);
  const inputLayer = layerOf(input);
  if (inputLayer >= layer) {
    throw new CacheLayerError(
      `[pc:derived] derived cache "${definition.name}" (layer ${layer}) uses "${input.name}" ` +
        `(layer ${inputLayer}): ${inputPath.join(' -> ')}. A cache may use stores and caches of a ` +
        `lower layer only: set "layer" of "${definition.name}" to ${inputLayer + 1} or more`,
      { path: inputPath },
    );
  }
  checkDefinition(input, path);
}
