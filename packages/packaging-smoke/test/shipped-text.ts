/** One line of a shipped file that a user outside the repository cannot use. */
export interface ShippedTextFinding {
  readonly line: number;
  readonly problem: string;
}

// A markdown link whose target is neither a URL nor an anchor of the same page:
// `../../docs/x.md` or `src/contracts` break on the registry, where only the tarball is.
const MARKDOWN_LINK = /\[[^\]\n]*\]\(([^)\s]+)[^)]*\)/g;
const ABSOLUTE_TARGET = /^(?:[a-z][a-z0-9+.-]*:|#)/i;

// Words of the project's own notes, meaningless to a user: numbered invariants of
// docs/design.md (which does not ship) and the "seed" the project grew from. Precise
// on purpose: a PRNG's `seed = 7` or Redis Cluster "seed nodes" are not flagged.
const INTERNAL_WORDS: readonly (readonly [RegExp, string])[] = [
  [/\bDESIGN invariants?\b/i, 'cites "DESIGN invariant"'],
  [/\binvariants? \d+/i, 'cites a numbered invariant of the design notes'],
  [/\bseeds?(?:'s\b|\s+\d+\b)/i, 'cites the project seed'],
  [/\bthe seed\b(?!\s+nodes?\b)/i, 'cites the project seed'],
];

/** Markdown and code comments only: code may index with `a[b](c)` and is not prose. */
function proseLines(path: string, text: string): string[] {
  const lines = text.split('\n');
  if (path.endsWith('.md')) {
    let inFence = false;
    return lines.map((line) => {
      if (/^\s*```/.test(line)) {
        inFence = !inFence;
        return '';
      }
      return inFence ? '' : line;
    });
  }
  // Keep each comment's text on its own lines (line numbers stay right).
  const prose = lines.map(() => '');
  let inBlock = false;
  lines.forEach((line, index) => {
    let rest = line;
    let kept = '';
    while (rest !== '') {
      if (inBlock) {
        const end = rest.indexOf('*/');
        kept += end < 0 ? rest : rest.slice(0, end);
        if (end < 0) break;
        inBlock = false;
        rest = rest.slice(end + 2);
        continue;
      }
      const block = rest.indexOf('/*');
      const lineComment = rest.search(/(^|[^:])\/\//);
      if (lineComment >= 0 && (block < 0 || lineComment < block)) {
        kept += rest.slice(lineComment);
        break;
      }
      if (block < 0) break;
      inBlock = true;
      rest = rest.slice(block + 2);
    }
    prose[index] = kept;
  });
  return prose;
}

/**
 * What in one shipped file (README, `.d.ts`, `.js`, source map, `package.json`) points
 * into the repository or uses internal words: relative markdown links in prose (not
 * in source maps), and the words anywhere in the file.
 */
export function shippedTextFindings(path: string, text: string): ShippedTextFinding[] {
  const findings: ShippedTextFinding[] = [];
  // A source map is JSON holding the sources, comments included: words only.
  const prose = path.endsWith('.map') ? [] : proseLines(path, text);
  prose.forEach((line, index) => {
    for (const [, target] of line.matchAll(MARKDOWN_LINK)) {
      if (!ABSOLUTE_TARGET.test(target!)) {
        findings.push({ line: index + 1, problem: `relative link "${target}"` });
      }
    }
  });
  text.split('\n').forEach((line, index) => {
    for (const [pattern, problem] of INTERNAL_WORDS) {
      const match = pattern.exec(line);
      if (match) findings.push({ line: index + 1, problem: `${problem}: "${match[0]}"` });
    }
  });
  return findings.sort((a, b) => a.line - b.line);
}
