import { describe, expect, inject, it } from 'vitest';
import { publicPackages } from './public-packages.js';
import { shippedTextFindings } from './shipped-text.js';
import { readTarball } from './tarball.js';

const PACKAGES = publicPackages();
const SCANNED = /(?:README\.md|\.d\.ts|\.js|\.js\.map|package\.json)$/;

describe('the shipped-text scan', () => {
  it('flags relative links and internal words, naming the line', () => {
    const readme = [
      '# x',
      'See [the design](../../docs/design.md) and [contracts](src/contracts).',
      "Fails closed (DESIGN invariant 3), as seed 001 says, in the seed's terms.",
      'By invariant 1 of the design.',
    ].join('\n');
    expect(shippedTextFindings('package/README.md', readme)).toEqual([
      { line: 2, problem: 'relative link "../../docs/design.md"' },
      { line: 2, problem: 'relative link "src/contracts"' },
      { line: 3, problem: 'cites "DESIGN invariant": "DESIGN invariant"' },
      { line: 3, problem: 'cites a numbered invariant of the design notes: "invariant 3"' },
      { line: 3, problem: 'cites the project seed: "seed 001"' },
      { line: 3, problem: 'cites the project seed: "the seed"' },
      { line: 4, problem: 'cites a numbered invariant of the design notes: "invariant 1"' },
    ]);
    const declarations =
      '/**\n * Rules: see [the record](docs/decisions/x.md).\n */\ndeclare const a: 1;';
    expect(shippedTextFindings('package/dist/index.d.ts', declarations)).toEqual([
      { line: 2, problem: 'relative link "docs/decisions/x.md"' },
    ]);
  });

  it('leaves alone URLs, anchors, code and words that only look alike', () => {
    const readme = [
      '[ioredis](https://github.com/redis/ioredis), [options](#options), [mail](mailto:a@b.c)',
      'A few seed nodes are enough; seeds are discovered. The seed node list.',
      '```ts',
      'handlers[name](event);',
      '```',
      'The runtime invariant scenarios (no stale resurrection).',
    ].join('\n');
    expect(shippedTextFindings('package/README.md', readme)).toEqual([]);
    const code = 'let seed = 7;\nseed = seed * 1103515245 + 12345;\nhandlers[name](event);';
    expect(shippedTextFindings('package/dist/index.js', code)).toEqual([]);
    const map = JSON.stringify({
      sourcesContent: ['// Who may join (docs/design.md, invariant 2)\nx[a](b);'],
    });
    expect(shippedTextFindings('package/dist/index.js.map', map)).toEqual([
      { line: 1, problem: 'cites a numbered invariant of the design notes: "invariant 2"' },
    ]);
  });
});

describe.each(PACKAGES)('the shipped text of $name', ({ name }) => {
  it('has absolute links only and no internal words (README, .d.ts, .js, maps, package.json)', () => {
    const findings: string[] = [];
    let scanned = 0;
    for (const [path, body] of readTarball(inject('tarballs')[name]!)) {
      if (!SCANNED.test(path)) continue;
      scanned += 1;
      for (const finding of shippedTextFindings(path, body.toString('utf8'))) {
        findings.push(`${path}:${finding.line}: ${finding.problem}`);
      }
    }
    expect(scanned).toBeGreaterThan(2);
    expect(findings).toEqual([]);
  });
});
