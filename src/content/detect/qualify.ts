// Qualify: a pure decision over the strings collect extracted.
//
// Evidence comes in tiers by closeness to the field: what the user reads as
// its label (10), its description and the text of its own container (8), its
// name/id/class (7), the nearest heading and preceding text (6). The closest
// tier with a clean backup-code keyword sets the score.
//
// Negatives (code sent by SMS/email, password reset, 2FA setup, recovery
// email/phone) work per clause:
// - in the same clause as a keyword they cancel it ("the recovery code we
//   emailed you" is not a backup code) and, close to the field, count against it;
// - in their own clause they count only in a tier closer than the keyword,
//   since pages say "enter the code we texted you, or one of your backup codes".
import type { FieldContext } from './collect';
import { clauseNegatives, clauses, codeWords, fieldNegative, positive } from './text';
import type { Qualification, SiteRuleHint } from './types';

/** Score at or above which a field with evidence is a backup-code field. */
export const THRESHOLD = 8;
const DESCRIBED = 8;

// autocomplete tokens that name another kind of field (HTML autofill tokens).
const OTHER_AUTOCOMPLETE =
  /^(?:username|email|current-password|new-password|tel(?:-.*)?|cc-.*|postal-code|street-address|address-.*|(?:given-|family-|additional-)?name|nickname|organization|country(?:-name)?|bday.*|url|transaction-.*|impp)$/;

interface TierEvidence {
  tier: string;
  weight: number;
  positive?: string;
  /** Negative clauses without a keyword. */
  negatives: string[];
  /** Clauses with a keyword *and* a negative. */
  tainted: string[];
}

function evidence(tier: string, weight: number, texts: string[]): TierEvidence {
  const e: TierEvidence = { tier, weight, negatives: [], tainted: [] };
  for (const c of texts.flatMap(clauses)) {
    const p = positive.find(c);
    let neg: string | undefined;
    for (const [kind, m] of clauseNegatives) {
      const hit = m.find(c);
      if (hit) {
        neg = `${kind}:${hit}`;
        break;
      }
    }
    if (neg) (p ? e.tainted : e.negatives).push(neg);
    else if (p) e.positive ??= p;
  }
  return e;
}

/** The autocomplete token naming another kind of field (`username`, `cc-csc`, …), if any. */
export function otherAutocomplete(autocomplete: string): string | undefined {
  return autocomplete
    .toLowerCase()
    .split(/\s+/)
    .find((t) => OTHER_AUTOCOMPLETE.test(t));
}

/**
 * Decides whether a field (described by its extracted context) takes backup
 * codes. Pure: the same context always gives the same verdict.
 */
export function qualifyField(ctx: FieldContext, hint?: SiteRuleHint): Qualification {
  const reasons: string[] = [];
  const no = (why: string): Qualification => ({
    isBackupCodeField: false,
    score: 0,
    reasons: [...reasons, why],
  });
  if (hint?.appOnly) return no('site-rule:app-only');
  const otherAc = otherAutocomplete(ctx.autocomplete);
  if (otherAc) return no(`negative:autocomplete:${otherAc}`);

  const own = [...ctx.labels, ...ctx.identifiers].flatMap(clauses);
  // A search box, coupon or phone field stays one even on a page about backup codes.
  if (!own.some((c) => positive.find(c))) {
    const other = own.map((c) => fieldNegative.find(c)).find(Boolean);
    if (other) return no(`negative:field:${other}`);
  }

  const tiers = [
    evidence('label', 10, ctx.labels),
    evidence('described', DESCRIBED, ctx.descriptions),
    evidence('name', 7, ctx.identifiers),
    evidence('nearby', 6, ctx.context),
  ];

  const best = tiers.find((t) => t.positive);
  const bestWeight = best?.weight ?? 0;
  if (best) reasons.push(`positive:${best.tier}:${best.positive}`);
  let penalty = 0;
  for (const t of tiers) {
    if (t.positive) continue;
    if (t.tainted.length && (t.weight >= DESCRIBED || t.weight >= bestWeight)) {
      penalty += 8 * t.tainted.length;
      reasons.push(...t.tainted.map((n) => `negative:${t.tier}:${n} (same clause)`));
    }
    if (t.negatives.length && t.weight > bestWeight) {
      penalty += 4 * Math.min(t.negatives.length, 2);
      reasons.push(...t.negatives.map((n) => `negative:${t.tier}:${n}`));
    }
  }

  let codeLike = own.some((c) => codeWords.find(c)) ? 1 : 0;
  if (/\bone-time-code\b/i.test(ctx.autocomplete)) codeLike += 2;
  if (ctx.boxes > 1 || ctx.pattern || ctx.inputMode || (ctx.maxLength >= 6 && ctx.maxLength <= 64))
    codeLike += 1;
  codeLike = Math.min(codeLike, 3);
  if (codeLike) reasons.push(`code-like:${codeLike}`);
  if (ctx.type === 'password') {
    penalty += 3;
    reasons.push('negative:type:password');
  }

  let score = bestWeight + codeLike - penalty;
  if (hint?.isChallengeStep) {
    score += 2;
    reasons.push('site-rule:challenge-step');
  }
  // The registry knows this site's code field takes backup codes too, even
  // where the page text only talks about the authenticator app.
  const shared = !best && !!hint?.sharedWithAppCodes && !!hint.isChallengeStep && codeLike >= 2;
  if (shared) {
    score += THRESHOLD;
    reasons.push('site-rule:shared-with-app-codes');
  }
  return { isBackupCodeField: (!!best || shared) && score >= THRESHOLD, score, reasons };
}
