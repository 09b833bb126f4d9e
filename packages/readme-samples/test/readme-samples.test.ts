import { beforeAll, describe, expect, it } from 'vitest';
import { blocksOf, type ReadmeBlock, readmePaths } from './readme-blocks.js';
import { type SampleResults, typecheckBlocks } from './sample-program.js';

const BLOCKS: ReadmeBlock[] = readmePaths().flatMap(blocksOf);
let results: SampleResults;

beforeAll(() => {
  results = typecheckBlocks(BLOCKS);
});

describe('the TypeScript samples of every README', () => {
  it('are found (the collector reads fences and prelude markers)', () => {
    expect(BLOCKS.length).toBeGreaterThan(20);
    expect(BLOCKS.some((block) => block.readme === 'README.md')).toBe(true);
  });

  it('compile under strict, module nodenext (no option errors)', () => {
    expect(results.global).toEqual([]);
  });

  it.each(
    BLOCKS.map((block, index) => ({
      index,
      title: `${block.readme}:${block.line}${block.prelude ? ` (prelude ${block.prelude})` : ''}`,
    })),
  )('$title typechecks', ({ index }) => {
    const diagnostics = results.perBlock[index]!.map(
      (diagnostic) => `${diagnostic.where}: ${diagnostic.message}`,
    );
    expect(diagnostics).toEqual([]);
  });
});
