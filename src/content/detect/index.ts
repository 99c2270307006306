// Backup-code field detection: collect (collect.ts) → qualify (qualify.ts).
// Pure functions of a Document; the content script runs once per frame
// (all_frames), so each frame scans its own document.
import { collectContext, collectInputs, groupCandidates, hasTextInputs } from './collect';
import { otherAutocomplete, qualifyField } from './qualify';
import type { FieldCandidate, SiteRuleHint } from './types';

export type { FieldContext } from './collect';
export type { FieldCandidate, Qualification, SiteRuleHint } from './types';
export { hasTextInputs, qualifyField };

const SITE_RULE_SCORE = 100;

function bySelectors(doc: Document, inputs: HTMLInputElement[], selectors: string[]) {
  const out: FieldCandidate[] = [];
  for (const el of inputs) {
    // A bad selector in rule data must not break detection on the page.
    const hit = selectors.find((s) => {
      try {
        return el.matches(s);
      } catch {
        return false;
      }
    });
    if (hit) {
      out.push({
        element: el,
        kind: 'single',
        score: SITE_RULE_SCORE,
        reasons: [`site-rule:${hit}`],
      });
    }
  }
  return out;
}

/**
 * The backup-code fields of `doc` (and its open shadow roots), best first.
 * With a site hint: nothing on app-code-only steps; the rule's selectors when
 * they match; otherwise the heuristics, informed by the hint.
 */
export function findBackupCodeFields(doc: Document, hint?: SiteRuleHint): FieldCandidate[] {
  if (hint?.appOnly) return [];
  const inputs = collectInputs(doc);
  if (!inputs.length) return [];
  if (hint?.fieldSelectors?.length) {
    const ruled = bySelectors(doc, inputs, hint.fieldSelectors);
    if (ruled.length) return ruled;
  }
  const out: FieldCandidate[] = [];
  for (const raw of groupCandidates(inputs)) {
    // Login and payment fields say what they are; skip reading their context.
    if (otherAutocomplete(raw.element.getAttribute('autocomplete') ?? '')) continue;
    const q = qualifyField(collectContext(raw), hint);
    if (!q.isBackupCodeField) continue;
    out.push(
      raw.boxes
        ? {
            element: raw.element,
            kind: 'split',
            boxes: raw.boxes,
            score: q.score,
            reasons: q.reasons,
          }
        : { element: raw.element, kind: 'single', score: q.score, reasons: q.reasons },
    );
  }
  return out.sort((a, b) => b.score - a.score);
}
