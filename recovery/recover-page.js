// The script of the stand-alone recovery page: the decrypt side of
// docs/backup-format.md (versions 1 and 2), short and dependency-free.
//
// Not loaded as a file: scripts/recover-page.mjs inlines it into dist/recover.html,
// which must work alone, opened from disk, under a CSP that allows inline script
// only (docs/backup-format.md, "Recovering without Backstop"). Its words are the
// JSON element #messages that scripts/recover-page.mjs puts in front of it.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const fileInput = $('file');
  const button = $('decrypt');
  const languageSelect = $('language');
  let dropped = null;

  // ---- words: the messages of public/_locales embedded above; English fills any gap ----
  const CATALOG = JSON.parse($('messages').textContent);
  const LANGUAGES = CATALOG.languages;
  const MESSAGES = CATALOG.messages;
  let locale = 'en';
  const tag = () => locale.replace('_', '-');

  /** The locale for a BCP 47 tag (same rules as the extension's src/i18n/locales.ts), or null. */
  function matchLocale(value) {
    const parts = String(value || '')
      .replace(/_/g, '-')
      .split('-');
    const lang = parts[0].toLowerCase();
    const rest = parts.slice(1).map((p) => p.toUpperCase());
    const has = (l) => Object.prototype.hasOwnProperty.call(MESSAGES, l);
    if (lang === 'zh') {
      const traditional = rest.some((p) => ['HANT', 'TW', 'HK', 'MO'].includes(p));
      const chinese = traditional && !rest.includes('HANS') ? 'zh_TW' : 'zh_CN';
      return has(chinese) ? chinese : null;
    }
    if (lang === 'pt') return has('pt_BR') ? 'pt_BR' : null;
    if (lang === 'iw') return has('he') ? 'he' : null;
    return has(lang) ? lang : null;
  }

  let pluralRules = null;
  let numbers = null;
  const num = (n) => numbers.format(n);

  /** A message with $1…$9 and plural blocks ({$1, plural, one {…} other {…}}; docs/i18n.md). */
  function format(text, args, count) {
    let out = '';
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      const block = c === '{' ? /^\{\s*\$([1-9])\s*,\s*plural\s*,/.exec(text.slice(i)) : null;
      if (block) {
        const branches = {};
        let j = i + block[0].length;
        for (;;) {
          while (/\s/.test(text[j] || '')) j++;
          if (text[j] === '}' || j >= text.length) break;
          const name = /^(=\d+|[a-z]+)\s*\{/.exec(text.slice(j));
          if (!name) return text; // not well formed: show it as it is rather than nothing
          j += name[0].length;
          let depth = 1;
          let k = j;
          for (; k < text.length && depth; k++) {
            if (text[k] === '{') depth++;
            else if (text[k] === '}') depth--;
          }
          branches[name[1]] = text.slice(j, k - 1);
          j = k;
        }
        const n = Number(args[Number(block[1]) - 1]);
        const category = pluralRules.select(n);
        const chosen =
          branches['=' + n] !== undefined
            ? branches['=' + n]
            : branches[category] !== undefined
              ? branches[category]
              : branches.other || '';
        out += format(chosen, args, n);
        i = j + 1;
      } else if (c === '$' && /[1-9$]/.test(text[i + 1] || '')) {
        const d = text[i + 1];
        const v = d === '$' ? '$' : args[Number(d) - 1];
        out += typeof v === 'number' ? num(v) : v == null ? '' : String(v);
        i += 2;
      } else if (c === '#' && count !== undefined) {
        out += num(count);
        i++;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  }

  function msg(key) {
    const args = Array.prototype.slice.call(arguments, 1);
    const own = MESSAGES[locale] && MESSAGES[locale][key];
    const text = own || (MESSAGES.en && MESSAGES.en[key]);
    return text ? format(text, args) : key;
  }

  // What the page shows now, so a change of language can say it again.
  let shownError = null;
  let decrypting = false;
  let lastBackup = null;

  function setLanguage(next) {
    locale = next;
    pluralRules = new Intl.PluralRules(tag());
    numbers = new Intl.NumberFormat(tag());
    document.documentElement.lang = tag();
    document.documentElement.dir = (LANGUAGES[locale] || {}).dir === 'rtl' ? 'rtl' : 'ltr';
    document.title = msg('recoverTitle');
    languageSelect.value = locale;
    document.querySelectorAll('[data-msg]').forEach((node) => {
      node.textContent = msg(node.getAttribute('data-msg'));
    });
    $('file-hint').textContent = dropped
      ? msg('recoverDropped', dropped.name)
      : msg('recoverDropHint');
    $('status').textContent = decrypting ? msg('recoverDecrypting') : '';
    showError(shownError);
    if (lastBackup) show(lastBackup);
  }

  Object.keys(LANGUAGES).forEach((l) => {
    const option = el('option', { value: l, textContent: LANGUAGES[l].name });
    option.lang = l.replace('_', '-');
    languageSelect.append(option);
  });
  languageSelect.addEventListener('change', () => setLanguage(languageSelect.value));

  /** A failure the page explains: a message key and its arguments. */
  class Failure extends Error {
    constructor(key) {
      super(key);
      this.key = key;
      this.args = Array.prototype.slice.call(arguments, 1);
    }
  }
  function showError(error) {
    shownError = error;
    $('error').textContent = error ? msg.apply(null, [error.key].concat(error.args)) : '';
  }

  const fail = (key, ...args) => new Failure(key, ...args);
  // `field` names the part of the file (kdf.salt, manifest…): not translated.
  const damaged = (field) => fail('recoverErrDamaged', field);
  const enc = (s) => new TextEncoder().encode(s);
  const HEX_ID = /^[0-9a-f]{32}$/;
  const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  /** Base64 of `length` bytes, or the failure `bad()` gives. */
  function b64(value, bad, length) {
    if (typeof value !== 'string' || !BASE64.test(value)) throw bad();
    const out = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
    if (length !== undefined && out.length !== length) throw bad();
    return out;
  }
  // Text from the file is shown as text (never HTML); invisible and reordering characters
  // (controls, bidi, zero-width) become "?" so what is shown is what is there.
  const UNSAFE =
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
  const clean = (v) => (typeof v === 'string' ? v.replace(UNSAFE, '?') : '');

  async function open(dek, iv, ct, aad) {
    let padded;
    try {
      const params = { name: 'AES-GCM', iv: iv, additionalData: enc(aad) };
      padded = new Uint8Array(await crypto.subtle.decrypt(params, dek, ct));
      // Padding: 4-byte big-endian length, the JSON, zeros.
      const n = new DataView(padded.buffer).getUint32(0, false);
      if (n > padded.length - 4) return null;
      const decoder = new TextDecoder('utf-8', { fatal: true });
      return JSON.parse(decoder.decode(padded.subarray(4, 4 + n)));
    } catch {
      return null;
    }
  }

  async function decryptBackup(text, passphrase) {
    let f;
    try {
      f = JSON.parse(text);
    } catch {
      throw fail('recoverErrNotJson');
    }
    if (!f || typeof f !== 'object' || f.format !== 'backstop-backup') {
      throw fail('recoverErrNotBackup');
    }
    const v = f.version;
    if (v !== 1 && v !== 2) {
      throw Number.isInteger(v) && v > 2
        ? fail('recoverErrVersion', String(v))
        : fail('recoverErrVersionInvalid');
    }
    const kdf = f.kdf || {};
    if (kdf.alg !== 'PBKDF2-SHA256') throw fail('recoverErrKdf');
    // Attacker-controlled: a huge count would freeze the page, a tiny one is a downgrade.
    const it = kdf.iterations;
    if (!Number.isInteger(it) || it < 600000 || it > 10000000) {
      throw damaged('kdf.iterations');
    }
    if (typeof f.exportId !== 'string' || !HEX_ID.test(f.exportId)) {
      throw damaged('exportId');
    }
    if (!Array.isArray(f.records) || f.records.length > 10000) throw damaged('records');
    const count = f.records.length;
    const unreadable = (i) => () => fail('recoverErrRecord', i + 1, count);
    const ids = f.records.map((r, i) => {
      if (!r || typeof r.id !== 'string' || !HEX_ID.test(r.id)) throw unreadable(i)();
      return r.id;
    });
    const wk = f.wrappedKey || {};
    const salt = b64(kdf.salt, () => damaged('kdf.salt'), 16);
    const wrapIv = b64(wk.iv, () => damaged('wrappedKey.iv'), 12);
    const wrapCt = b64(wk.ct, () => damaged('wrappedKey.ct'), 48);
    const m = v === 2 ? f.manifest || {} : null;
    const bad = () => damaged('manifest');
    const manifest = m && { iv: b64(m.iv, bad, 12), ct: b64(m.ct, bad) };
    if (!window.crypto || !crypto.subtle) throw fail('recoverErrNoCrypto');
    const subtle = crypto.subtle;
    const pass = enc(passphrase.normalize('NFKC'));
    const base = await subtle.importKey('raw', pass, 'PBKDF2', false, ['deriveKey']);
    const kek = await subtle.deriveKey(
      { name: 'PBKDF2', hash: 'SHA-256', salt: salt, iterations: it },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['unwrapKey'],
    );
    const unwrap = (version) => {
      const aad = ['backstop-backup', version, f.exportId, kdf.alg, it, kdf.salt].join('|');
      const params = { name: 'AES-GCM', iv: wrapIv, additionalData: enc(aad) };
      const key = { name: 'AES-GCM', length: 256 };
      return subtle.unwrapKey('raw', wrapCt, kek, params, key, false, ['decrypt']).then(
        (k) => k,
        () => null,
      );
    };
    const dek = await unwrap(v);
    if (!dek && v === 1 && (await unwrap(2))) throw fail('recoverErrChangedVersion');
    if (!dek) throw fail('recoverErrWrongPassphrase');
    if (manifest) {
      const aad = 'backstop-backup-manifest|2|' + f.exportId;
      const list = await open(dek, manifest.iv, manifest.ct, aad);
      if (!list || !Array.isArray(list.records)) throw bad();
      if (list.createdAt !== f.createdAt) throw fail('recoverErrChangedDate');
      if (list.count !== ids.length || list.records.join() !== ids.join()) {
        throw fail('recoverErrChangedAccounts');
      }
    }
    const accounts = [];
    for (let i = 0; i < count; i++) {
      const r = f.records[i];
      const aad = ['backstop-backup-record', v, f.exportId, r.id].join('|');
      const iv = b64(r.iv, unreadable(i), 12);
      const account = await open(dek, iv, b64(r.ct, unreadable(i)), aad);
      if (account === null) throw fail('recoverErrRecordDecrypt', i + 1, count);
      if (!account || typeof account.site !== 'string' || !Array.isArray(account.codes)) {
        throw unreadable(i)();
      }
      accounts.push(account);
    }
    return { version: v, createdAt: clean(f.createdAt), accounts: accounts };
  }

  // ---- display (textContent only: decrypted data is never parsed as HTML) ----
  function el(tag, props, children) {
    const node = Object.assign(document.createElement(tag), props || {});
    (children || []).forEach((c) => node.append(c));
    return node;
  }
  // Dates stay ISO and UTC in every language: unambiguous on paper, wherever it is read.
  const when = (ms) =>
    typeof ms === 'number' && isFinite(ms)
      ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
      : '';

  function codeList(codes, label) {
    const items = codes.map((c) => {
      const state = c.state === 'used' || c.state === 'filled' ? c.state : 'unused';
      const value = el('span', { className: 'code', textContent: clean(String(c.value)) });
      value.dir = 'ltr';
      const item = el('li', { className: state }, [value]);
      if (state !== 'unused') {
        const parts = [state === 'used' ? msg('used') : msg('recoverFilled')];
        if (when(c.changedAt)) parts.push(when(c.changedAt));
        if (c.origin) parts.push(msg('recoverOn', clean(c.origin)));
        item.append(el('span', { className: 'mark', textContent: parts.join(' ') }));
      }
      return item;
    });
    const list = el('ol', { className: 'codes' }, items);
    list.setAttribute('aria-label', label);
    return list;
  }

  function show(backup) {
    lastBackup = backup;
    const n = backup.accounts.length;
    $('summary').textContent = msg('recoverSummary', backup.createdAt, n);
    $('note').textContent = backup.version === 1 ? msg('recoverNoteVersion1') : '';
    const cards = backup.accounts.map((a) => {
      const codes = a.codes;
      const left = codes.filter((c) => c.state === 'unused').length;
      const title = clean(a.site) + (a.username ? ' — ' + clean(a.username) : '');
      const domains = Array.isArray(a.domains) ? a.domains.map(clean).join(', ') + ' · ' : '';
      const card = el('article', { className: 'account' }, [
        el('h3', { textContent: title }),
        el('p', {
          className: 'meta',
          textContent: domains + msg('recoverCodesUnused', left, codes.length),
        }),
        codeList(codes, msg('recoverCodesFor', title)),
      ]);
      (Array.isArray(a.archived) ? a.archived : []).forEach((set) => {
        card.append(
          el('h4', { textContent: msg('recoverEarlier', when(set.replacedAt)) }),
          codeList(set.codes || [], msg('recoverEarlierFor', title)),
        );
      });
      if (a.notes) {
        const notes = msg('recoverNotes', clean(a.notes));
        card.append(el('p', { className: 'meta', textContent: notes }));
      }
      return card;
    });
    $('accounts').replaceChildren(...cards);
    $('result').hidden = false;
  }

  async function onSubmit(event) {
    event.preventDefault();
    showError(null);
    lastBackup = null;
    $('result').hidden = true;
    const file = (fileInput.files && fileInput.files[0]) || dropped;
    if (!file) {
      showError(fail('errChooseBackup'));
      return fileInput.focus();
    }
    if (file.size > 20 * 1024 * 1024) return showError(fail('recoverErrTooLarge'));
    button.disabled = true;
    decrypting = true;
    $('status').textContent = msg('recoverDecrypting');
    try {
      show(await decryptBackup(await file.text(), $('passphrase').value));
      $('result-title').tabIndex = -1;
      $('result-title').focus();
    } catch (e) {
      showError(e instanceof Failure ? e : fail('recoverErrUnexpected', clean(e && e.message)));
    } finally {
      decrypting = false;
      $('status').textContent = '';
      button.disabled = false;
    }
  }

  $('form').addEventListener('submit', onSubmit);
  fileInput.addEventListener('change', () => {
    dropped = null;
    $('file-hint').textContent = msg('recoverDropHint');
  });
  $('print').addEventListener('click', () => window.print());
  // Drag and drop anywhere; without preventDefault the browser would open the dropped file.
  ['dragenter', 'dragover', 'dragleave', 'drop'].forEach((type) =>
    document.addEventListener(type, (e) => {
      e.preventDefault();
      $('form').classList.toggle('dragging', type === 'dragenter' || type === 'dragover');
      const f = type === 'drop' && e.dataTransfer && e.dataTransfer.files[0];
      if (!f) return;
      dropped = f;
      fileInput.value = '';
      $('file-hint').textContent = msg('recoverDropped', f.name);
      $('passphrase').focus();
    }),
  );

  // The language: `?lang=de` in the address, else the browser's first one this page speaks.
  const asked = new URLSearchParams(location.search).get('lang');
  const wanted = [asked].concat(Array.from(navigator.languages || [navigator.language]));
  setLanguage(wanted.map(matchLocale).filter(Boolean)[0] || 'en');
})();
