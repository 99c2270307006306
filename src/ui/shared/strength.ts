/**
 * Passphrase strength with zxcvbn-ts. The estimator and its dictionaries are
 * several hundred kilobytes, so they load by dynamic `import()` only on the
 * screens that create a passphrase — never in the popup's first bundle.
 */
import { useEffect, useState } from 'preact/hooks';
import { MIN_PASSPHRASE_LENGTH, normalizePassphrase } from '../../core/passphrase';
import { t } from './i18n';
import { checkNewPassphrase } from './passphrase';

export interface StrengthResult {
  score: 0 | 1 | 2 | 3 | 4;
  /** A message key (`strengthWarn…`): the estimator's finding, said in the UI language. */
  warning: string | null;
  /** Message keys (`strengthTip…`). */
  suggestions: string[];
}

/**
 * zxcvbn-ts says its feedback in one language, fixed when the estimator is
 * made; the UI speaks the Language setting, which can change while a page is
 * open. So the estimator is given "translations" that are our message keys,
 * and the meter says each through `t()`: `strengthWarnStraightRow`,
 * `strengthTipUseWords`… (English identical to zxcvbn's own).
 */
function messageKeys<T extends Record<string, string>>(prefix: string, english: T): T {
  return Object.fromEntries(
    Object.keys(english).map((k) => [k, prefix + k[0]!.toUpperCase() + k.slice(1)]),
  ) as T;
}

type Estimator = (passphrase: string, userInputs: string[]) => StrengthResult;

let loading: Promise<Estimator> | null = null;

export function loadEstimator(): Promise<Estimator> {
  loading ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(([core, common, en]) => {
    const factory = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: {
        ...en.translations,
        warnings: messageKeys('strengthWarn', en.translations.warnings),
        suggestions: messageKeys('strengthTip', en.translations.suggestions),
      },
      useLevenshteinDistance: true,
    });
    return (passphrase, userInputs) => {
      // zxcvbn's cost grows with length; beyond 100 characters the first 100 decide.
      const r = factory.check(normalizePassphrase(passphrase).slice(0, 100), userInputs);
      return { score: r.score, warning: r.feedback.warning, suggestions: r.feedback.suggestions };
    };
  });
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** Debounced strength of `passphrase`; `null` until the estimator has loaded or when empty. */
export function useStrength(passphrase: string, userInputs: string[] = []): StrengthResult | null {
  const [result, setResult] = useState<StrengthResult | null>(null);
  const inputsKey = userInputs.join('\n');
  useEffect(() => {
    if (!passphrase) {
      setResult(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      loadEstimator().then(
        (estimate) =>
          live && setResult(estimate(passphrase, inputsKey ? inputsKey.split('\n') : [])),
        () => live && setResult(null),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [passphrase, inputsKey]);
  return result;
}

/** Score of exactly `passphrase` (not debounced); `null` when the estimator cannot load. */
export async function scorePassphrase(passphrase: string): Promise<number | null> {
  try {
    return (await loadEstimator())(passphrase, []).score;
  } catch {
    return null;
  }
}

/**
 * Why a new master passphrase cannot be used, in plain words, or null when it
 * can ("Create vault", "Change passphrase"). Scores the exact text submitted:
 * the meter beside the field is debounced and may lag behind it.
 */
export async function newPassphraseError(
  passphrase: string,
  confirm: string,
): Promise<string | null> {
  const problem = checkNewPassphrase(passphrase, confirm, await scorePassphrase(passphrase));
  if (problem === 'too-short') return t('errTooShort', MIN_PASSPHRASE_LENGTH);
  if (problem === 'too-weak') return t('errTooWeak');
  if (problem === 'mismatch') return t('errMismatch');
  return null;
}
