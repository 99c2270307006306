/**
 * All user-visible text of the pages goes through `t(key, ...subs)`. The
 * message source is set by each page's entry point (see `language.ts`; in unit
 * tests it is the English `messages.json`, installed by the test helpers); `t`
 * decides plural blocks and fills in substitutions for the UI language
 * (`src/i18n/format.ts`, docs/i18n.md). The JSON is not imported here so the
 * popup bundle never carries a catalog.
 */
import {
  formatMessage,
  formatNumber as formatNumberIn,
  type MessageSource,
} from '../../i18n/format';

export {
  ARG_MARKS,
  formatMessage,
  parseMessage,
  readable,
  sourceFromLocale,
  withFallback,
  type MessagePart,
  type MessageSource,
} from '../../i18n/format';

let source: MessageSource | null = null;
let language = 'en';
let dateFormat: Intl.DateTimeFormat | null = null;

/** Installs the messages and the language (a BCP 47 tag) every later `t` uses. */
export function setMessageSource(next: MessageSource, lang = 'en'): void {
  source = next;
  language = lang;
  dateFormat = null;
}

/** The BCP 47 tag of the language the messages are in (for `lang`, `Intl`). */
export function uiLanguage(): string {
  return language;
}

/**
 * Returns the message for `key` in the UI language, with plural blocks decided
 * and `$1`…`$9` replaced by `subs`. A missing message shows the key itself so
 * a gap is visible rather than an empty label.
 */
export function t(key: string, ...subs: (string | number)[]): string {
  const template = source ? source(key) : '';
  return template ? formatMessage(template, subs, language) : key;
}

/**
 * Whether the UI speaks English: some explanations (a rejected line's reason,
 * an importer's note) exist only in English and are shown only then.
 */
export function speaksEnglish(): boolean {
  return language === 'en' || language.startsWith('en-');
}

/** A number as the UI language writes it (digits, grouping). */
export function formatNumber(n: number): string {
  return formatNumberIn(n, language);
}

/** A moment (epoch milliseconds) as the UI language writes a date and time. */
export function formatDate(ms: number): string {
  dateFormat ??= new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  return dateFormat.format(ms);
}
