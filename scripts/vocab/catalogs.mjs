// Readers for the translation-catalog formats of the systems the detector's
// vocabulary comes from (docs/vocabulary.md). Each returns a Map from a
// message key (a gettext msgid, or a dotted path into nested data) to the
// translated string. Used only by extract.mjs, which runs on a maintainer's
// machine against a checked-out repository; nothing here ships or runs in CI.
import ts from 'typescript';
import yaml from 'js-yaml';

/** `{a: {b: 'x'}}` → `a.b` = x; arrays and non-strings are skipped. */
function flatten(value, prefix = '', out = new Map()) {
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

function unquotePo(line) {
  const m = /^"(.*)"\s*$/.exec(line.trim());
  if (!m) return '';
  return m[1].replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
}

/**
 * gettext .po: msgctxt + msgid → msgstr (msgstr[0] for plurals). Fuzzy
 * entries are skipped: a translator marked them as unchecked.
 */
export function readPo(text) {
  const out = new Map();
  let entry = {};
  let field = '';
  const flush = () => {
    if (entry.msgid && entry.msgstr && !entry.fuzzy) {
      out.set(entry.msgctxt ? `${entry.msgctxt}\u0004${entry.msgid}` : entry.msgid, entry.msgstr);
    }
    entry = {};
    field = '';
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) {
      flush();
      continue;
    }
    if (line.startsWith('#,') && line.includes('fuzzy')) entry.fuzzy = true;
    if (line.startsWith('#')) continue;
    const m = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?|msgstr\[\d+\])\s+(".*")$/.exec(line);
    if (m) {
      if (m[1] === 'msgid' && entry.msgid !== undefined && entry.msgstr !== undefined) flush();
      field = m[1] === 'msgstr[0]' ? 'msgstr' : m[1];
      if (field.startsWith('msgstr[') || field === 'msgid_plural') field = '';
      if (field) entry[field] = unquotePo(m[2]);
    } else if (line.startsWith('"') && field) {
      entry[field] += unquotePo(line);
    }
  }
  flush();
  return out;
}

/**
 * JSON catalogs; a trailing comma before `}` or `]` (which some hand-edited
 * catalogs have, and JSON.parse refuses) is read as if it were not there.
 */
export function readJson(text) {
  try {
    return flatten(JSON.parse(text));
  } catch {
    return flatten(JSON.parse(text.replace(/,(\s*[}\]])/g, '$1')));
  }
}

/** YAML locale files; a single top-level language key (`de:`) is dropped. */
export function readYaml(text, lang) {
  let data = yaml.load(text, { json: true });
  const keys = data && typeof data === 'object' ? Object.keys(data) : [];
  if (
    keys.length === 1 &&
    lang &&
    keys[0].replace(/[-_]/g, '').toLowerCase().startsWith(lang.slice(0, 2))
  )
    data = data[keys[0]];
  return flatten(data);
}

/** INI with `[section]` headers: `section.key`. Values may be quoted. */
export function readIni(text) {
  const out = new Map();
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) {
      section = s[1];
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    let v = kv[2];
    if (/^".*"$/.test(v) || /^`.*`$/.test(v)) v = v.slice(1, -1);
    out.set(section ? `${section}.${kv[1]}` : kv[1], v);
  }
  return out;
}

/** Java .properties (key=value, `\uXXXX` escapes, `\` line continuations). */
export function readProperties(text) {
  const out = new Map();
  const lines = text.replace(/\\\r?\n\s*/g, '').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const kv = /^((?:\\.|[^=:\s])+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (!kv) continue;
    const unescape = (s) =>
      s
        .replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
        .replace(/\\(.)/g, '$1');
    out.set(unescape(kv[1]), unescape(kv[2]));
  }
  return out;
}

/**
 * Object literals of a TypeScript/JavaScript module (`export default {…}`,
 * `const x = {…}`): string-valued properties by dotted path. Parsed with the
 * TypeScript compiler, never evaluated.
 */
export function readScriptObject(text) {
  const source = ts.createSourceFile('catalog.ts', text, ts.ScriptTarget.Latest, false);
  const out = new Map();
  const name = (n) =>
    ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) ? n.text : undefined;
  const walkObject = (obj, prefix) => {
    for (const p of obj.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const key = name(p.name);
      if (key === undefined) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      let init = p.initializer;
      while (ts.isAsExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init))
        out.set(path, init.text);
      else if (ts.isObjectLiteralExpression(init)) walkObject(init, path);
    }
  };
  const visit = (n) => {
    if (ts.isObjectLiteralExpression(n)) walkObject(n, '');
    else ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes HTML character references (`&auml;`, `&#233;`) via the few named ones catalogs use. */
export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(code);
    }
    if (ENTITIES[e.toLowerCase()]) return ENTITIES[e.toLowerCase()];
    // Latin-1 letters with diacritics: &auml; &eacute; &ccedil; &oslash; …
    const l = /^([a-z])(uml|acute|grave|circ|tilde|cedil|ring|slash)$/i.exec(e);
    if (!l) return m;
    const mark = {
      uml: '\u0308',
      acute: '\u0301',
      grave: '\u0300',
      circ: '\u0302',
      tilde: '\u0303',
      cedil: '\u0327',
      ring: '\u030a',
      slash: '',
    }[l[2].toLowerCase()];
    if (l[2].toLowerCase() === 'slash') return l[1] === 'O' ? 'Ø' : 'ø';
    return (l[1] + mark).normalize('NFC');
  });
}

/** PHP arrays of strings (`'key' => 'value'`, nested `[...]`/`array(...)`), and `$x['key'] = '...'`. */
export function readPhp(text) {
  const out = new Map();
  // $labels['key'] = 'value';  (Roundcube plugins)
  for (const m of text.matchAll(
    /\$\w+\[\s*(['"])(.*?)\1\s*\]\s*=\s*(['"])((?:\\.|(?!\3).)*)\3\s*;/gs,
  )) {
    out.set(m[2], decodeEntities(phpUnquote(m[4], m[3])));
  }
  // return [ 'key' => 'value', 'group' => [ ... ] ];  (Laravel-style)
  const tokens = [
    ...text.matchAll(
      /'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|=>|\[|\]|array\s*\(|\)|,|\/\/[^\n]*|\/\*[\s\S]*?\*\/|#[^\n]*/g,
    ),
  ];
  const stack = [];
  let pendingKey;
  let lastString;
  for (const t of tokens) {
    const tok = t[0];
    if (tok.startsWith('//') || tok.startsWith('/*') || tok.startsWith('#')) continue;
    if (tok === '[' || /^array\s*\($/.test(tok)) {
      stack.push(pendingKey ?? '');
      pendingKey = undefined;
      lastString = undefined;
    } else if (tok === ']' || tok === ')') {
      stack.pop();
      pendingKey = undefined;
      lastString = undefined;
    } else if (tok === '=>') {
      pendingKey = lastString;
      lastString = undefined;
    } else if (tok === ',') {
      pendingKey = undefined;
      lastString = undefined;
    } else {
      const value = t[1] !== undefined ? phpUnquote(t[1], "'") : phpUnquote(t[2], '"');
      if (pendingKey !== undefined && stack.length) {
        const path = [...stack.slice(1).filter((s) => s !== ''), pendingKey].join('.');
        out.set(path, value);
        pendingKey = undefined;
      } else lastString = value;
    }
  }
  return out;
}

function phpUnquote(s, quote) {
  return quote === "'" ? s.replace(/\\(['\\])/g, '$1') : s.replace(/\\(.)/g, '$1');
}

/** XLIFF 1.2/2: `resname` (or `id`, or the source text) → target. */
export function readXliff(text) {
  const out = new Map();
  for (const m of text.matchAll(/<(trans-unit|unit)\b([^>]*)>([\s\S]*?)<\/\1>/g)) {
    const attrs = m[2];
    const body = m[3];
    const attr = (n) => new RegExp(`\\b${n}="([^"]*)"`).exec(attrs)?.[1];
    const source = /<source[^>]*>([\s\S]*?)<\/source>/.exec(body)?.[1];
    const target = /<target[^>]*>([\s\S]*?)<\/target>/.exec(body)?.[1];
    const key = attr('resname') ?? attr('id') ?? source;
    if (key && target)
      out.set(decodeEntities(key), decodeEntities(target.replace(/<!\[CDATA\[|\]\]>/g, '')));
  }
  return out;
}

export const READERS = {
  po: readPo,
  json: readJson,
  yaml: readYaml,
  ini: readIni,
  properties: readProperties,
  script: readScriptObject,
  php: readPhp,
  xliff: readXliff,
};
