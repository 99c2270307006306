// Qualify: a pure decision over the strings the page collected
// (src/content/detect/collect.ts). The background runs it with the full
// vocabulary (docs/vocabulary.md) for the candidate fields a page reports.
//
// Evidence comes in tiers by closeness to the field: what the user reads as
// its label (10), its description and the text of its own container (8), its
// name/id/class (7), the nearest heading and preceding text (6). The closest
// tier with a clean backup-code keyword sets the score.
//
// Another kind of field (search, coupon, phone…) named in the field's own
// label or name/id is vetoed, unless that also names backup codes. Class
// names are weaker: sites put hints for password managers there
// (`class="lastPassSearch"` on a shared 2FA field), so a trap word found only
// in a class name counts against the field but never vetoes it.
//
// Negatives (code sent by SMS/email, password reset, 2FA setup, recovery
// email/phone) work per clause:
// - in the same clause as a keyword they cancel it ("the recovery code we
//   emailed you" is not a backup code) and, close to the field, count against it;
// - in their own clause they count only in a tier closer than the keyword,
//   since pages say "enter the code we texted you, or one of your backup codes".
import { clauses, keywords } from './keywords';
import type { FieldContext, Qualification, QualifyHint } from './types';

/** Score at or above which a field with evidence is a backup-code field. */
export const THRESHOLD = 8;
const DESCRIBED = 8;

// autocomplete tokens that name another kind of field (HTML autofill tokens).
const OTHER_AUTOCOMPLETE =
  /^(?:(?:user|nick|given-|family-|additional-)?name|email|(?:current|new)-password|(?:tel|cc|address|bday|transaction)(?:-.*)?|postal-code|street-address|organization|country(?:-name)?|url|impp)$/;

// The tiers of evidence, closest to the field first: [name, weight, texts].
const TIERS: [string, number, (ctx: FieldContext) => string[]][] = [
  ['label', 10, (c) => c.labels],
  ['described', DESCRIBED, (c) => c.descriptions],
  ['name', 7, (c) => [...c.identifiers, ...c.classes]],
  ['nearby', 6, (c) => c.context],
];

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
export function qualifyField(ctx: FieldContext, hint?: QualifyHint | null): Qualification {
  const reasons: string[] = [];
  const no = (why: string): Qualification => ({
    isBackupCodeField: false,
    score: 0,
    reasons: [why],
  });
  if (hint?.appOnly) return no('site-rule:app-only');
  const otherAc = otherAutocomplete(ctx.autocomplete);
  if (otherAc) return no(`negative:autocomplete:${otherAc}`);

  const { positive, fieldNegative, codeWords, clauseNegatives } = keywords();
  const own = [...ctx.labels, ...ctx.identifiers].flatMap(clauses);
  const classes = ctx.classes.flatMap(clauses);
  const ownPositive = own.some(positive) || classes.some(positive);
  // A search box, coupon or phone field stays one even on a page about backup codes.
  if (!ownPositive) {
    const other = own.map(fieldNegative).find(Boolean);
    if (other) return no(`negative:field:${other}`);
  }
  const classNegative = ownPositive ? undefined : classes.map(fieldNegative).find(Boolean);

  const tiers = TIERS.map(([tier, weight, texts]) => {
    let found: string | undefined;
    /** Negative clauses without a keyword. */
    const negatives: string[] = [];
    /** Clauses with a keyword *and* a negative. */
    const tainted: string[] = [];
    for (const c of texts(ctx).flatMap(clauses)) {
      const p = positive(c);
      let neg: string | undefined;
      for (const [kind, m] of clauseNegatives) {
        if ((neg = m(c))) {
          neg = `${kind}:${neg}`;
          break;
        }
      }
      if (neg) (p ? tainted : negatives).push(neg);
      else found ??= p;
    }
    return { tier, weight, positive: found, negatives, tainted };
  });

  let score = 0;
  const add = (points: number, why: string) => {
    score += points;
    reasons.push(why);
  };
  const best = tiers.find((t) => t.positive);
  const bestWeight = best?.weight ?? 0;
  if (best) add(bestWeight, `positive:${best.tier}:${best.positive}`);
  for (const t of tiers) {
    if (t.positive) continue;
    if (t.weight >= DESCRIBED || t.weight >= bestWeight) {
      for (const n of t.tainted) add(-8, `negative:${t.tier}:${n} (same clause)`);
    }
    // At most two of them count.
    if (t.weight > bestWeight)
      t.negatives.forEach((n, i) => add(i < 2 ? -4 : 0, `negative:${t.tier}:${n}`));
  }

  // What the user reads next to the field (label, description) outweighs a
  // class name; weaker evidence does not.
  if (classNegative && bestWeight < DESCRIBED) add(-4, `negative:class:${classNegative}`);

  let codeLike = [...own, ...classes].some(codeWords) ? 1 : 0;
  if (/\bone-time-code\b/i.test(ctx.autocomplete)) codeLike += 2;
  if (ctx.boxes > 1 || ctx.pattern || ctx.inputMode || (ctx.maxLength >= 6 && ctx.maxLength <= 64))
    codeLike += 1;
  codeLike = Math.min(codeLike, 3);
  if (codeLike) add(codeLike, `code-like:${codeLike}`);
  if (ctx.type === 'password') add(-3, 'negative:type:password');
  if (hint?.isChallengeStep) add(2, 'site-rule:challenge-step');
  // The registry knows this site's code field takes backup codes too, even
  // where the page text only talks about the authenticator app.
  const shared = !best && !!hint?.sharedWithAppCodes && !!hint.isChallengeStep && codeLike >= 2;
  if (shared) add(THRESHOLD, 'site-rule:shared-with-app-codes');
  return { isBackupCodeField: (!!best || shared) && score >= THRESHOLD, score, reasons };
}
