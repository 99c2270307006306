/**
 * Every rule of the public-suffix list's PRIVATE section, as tldts ships it
 * (the list Backstop's origin policy uses). tldts keeps the list as a packed
 * trie and has no API to list it, so this walks that trie (`labelText` holds
 * the labels, `edgeStart`/`edgeLength`/`edgeChild` the edges, `nodeFlags`
 * bit 2 marks a private rule). If a tldts update changes that layout, the
 * checks on the result (known private rules must be found, and thousands of
 * them) fail loudly rather than testing nothing.
 */
import { createRequire } from 'node:module';

interface PackedTrie {
  nodeFlags: Uint8Array;
  edgeStart: Uint32Array;
  edgeLength: Uint8Array;
  edgeChild: Uint32Array;
  labelText: string;
  rulesRoot: number;
}

const PRIVATE = 2;

/** The private section's rules, e.g. `github.io`, `*.compute.amazonaws.com`. */
export function privateSuffixRules(): string[] {
  const require = createRequire(import.meta.url);
  const trie = require('tldts/dist/cjs/src/data/trie.js') as PackedTrie;
  const offset: number[] = [];
  for (let e = 0, o = 0; e < trie.edgeLength.length; e++) {
    offset.push(o);
    o += trie.edgeLength[e]!;
  }
  const rules: string[] = [];
  const visit = (node: number, suffix: string) => {
    for (let e = trie.edgeStart[node]!; e < trie.edgeStart[node + 1]!; e++) {
      const label = trie.labelText.slice(offset[e], offset[e]! + trie.edgeLength[e]!);
      const rule = suffix ? `${label}.${suffix}` : label;
      const child = trie.edgeChild[e]!;
      if (trie.nodeFlags[child]! & PRIVATE) rules.push(rule);
      visit(child, rule);
    }
  };
  visit(trie.rulesRoot, '');
  return rules;
}
