// Backup-code field detection: collect (collect.ts) → qualify (qualify.ts).
// Pure functions of a Document; the content script runs once per frame
// (all_frames), so each frame scans its own document.
import { collectContext, collectInputs, groupCandidates, hasTextInputs } from './collect';
import { otherAutocomplete, qualifyField } from './qualify';
import type { SiteRuleHint } from '../../messages';
import type { FieldCandidate } from './types';

export type { FieldContext } from './collect';
export type { FieldCandidate, Qualification } from './types';
export { hasTextInputs, qualifyField };

/** A bad selector in rule data must not break detection on the page. */
function matches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/**
 * The backup-code fields of `doc` (and its open shadow roots), best first.
 * With a site hint: nothing on app-code-only steps; the rule's selectors when
 * they match; otherwise the heuristics, informed by the hint.
 */
export function findBackupCodeFields(doc: Document, hint?: SiteRuleHint | null): FieldCandidate[] {
  if (hint?.appOnly) return [];
  const inputs = collectInputs(doc);
  const out: FieldCandidate[] = [];
  for (const element of inputs) {
    const hit = hint?.fieldSelectors?.find((s) => matches(element, s));
    if (hit) out.push({ element, kind: 'single', score: 100, reasons: [`site-rule:${hit}`] });
  }
  if (out.length) return out;
  for (const raw of groupCandidates(inputs)) {
    const { element, boxes } = raw;
    // Login and payment fields say what they are; skip reading their context.
    if (otherAutocomplete(element.getAttribute('autocomplete') ?? '')) continue;
    const { isBackupCodeField, score, reasons } = qualifyField(collectContext(raw), hint);
    if (isBackupCodeField)
      out.push({ element, kind: boxes ? 'split' : 'single', boxes, score, reasons });
  }
  return out.sort((a, b) => b.score - a.score);
}
