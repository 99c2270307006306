// Backup-code field detection, the page's half: collect (collect.ts) finds
// candidate fields with a structural pre-filter and reads their context;
// qualification, with the full vocabulary and the site rules, happens in the
// background (src/core/detect/qualify.ts via `page.qualify`), asked only for
// the candidates. Each frame scans its own document (all_frames).
import type { FieldContext, Qualification } from '../../core/detect/types';
import { collectContext, collectInputs, groupCandidates, hasTextInputs } from './collect';
import type { SiteRuleHint } from '../../messages';
import type { FieldCandidate } from './types';

export type { FieldContext } from './collect';
export type { FieldCandidate } from './types';
export { hasTextInputs };

/**
 * Qualifies candidate fields: one verdict per context, in order. In the
 * extension this asks the background; tests pass the core function itself.
 */
export type Qualifier = (fields: FieldContext[]) => Promise<Qualification[]>;

/** At most this many candidates per request (the background refuses more). */
export const MAX_CANDIDATES = 32;

/** A bad selector in rule data must not break detection on the page. */
function matches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/** A field that passed the pre-filter, with what qualification needs to know about it. */
export interface Candidate {
  element: HTMLInputElement;
  boxes?: HTMLInputElement[];
  context: FieldContext;
}

/**
 * The synchronous part of a scan: the fields a site rule names (decided
 * here, no qualification needed), or else every candidate with its context.
 */
export function collectCandidates(
  doc: Document,
  hint?: SiteRuleHint | null,
): { ruled: FieldCandidate[]; candidates: Candidate[] } {
  if (hint?.appOnly) return { ruled: [], candidates: [] };
  const inputs = collectInputs(doc);
  const ruled: FieldCandidate[] = [];
  for (const element of inputs) {
    const hit = hint?.fieldSelectors?.find((s) => matches(element, s));
    if (hit) ruled.push({ element, kind: 'single', score: 100, reasons: [`site-rule:${hit}`] });
  }
  if (ruled.length) return { ruled, candidates: [] };
  const candidates = groupCandidates(inputs).map((raw) => ({
    ...raw,
    context: collectContext(raw),
  }));
  return { ruled, candidates };
}

/**
 * The backup-code fields of `doc` (and its open shadow roots), best first.
 * With a site hint: nothing on app-code-only steps; the rule's selectors when
 * they match; otherwise the candidates as `qualify` judges them. A qualifier
 * that fails (background unreachable) finds nothing.
 */
export async function findBackupCodeFields(
  doc: Document,
  hint: SiteRuleHint | null | undefined,
  qualify: Qualifier,
): Promise<FieldCandidate[]> {
  const { ruled, candidates } = collectCandidates(doc, hint);
  if (ruled.length || !candidates.length) return ruled;
  const out: FieldCandidate[] = [];
  for (let i = 0; i < candidates.length; i += MAX_CANDIDATES) {
    const batch = candidates.slice(i, i + MAX_CANDIDATES);
    const verdicts = await qualify(batch.map((c) => c.context)).catch(() => []);
    batch.forEach(({ element, boxes }, j) => {
      const v = verdicts[j];
      if (v?.isBackupCodeField) {
        out.push({
          element,
          kind: boxes ? 'split' : 'single',
          boxes,
          score: v.score,
          reasons: v.reasons,
        });
      }
    });
  }
  return out.sort((a, b) => b.score - a.score);
}
