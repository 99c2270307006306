// The rules that decide which catalog terms reach the vocabulary, on small
// made-up sources: each rule is shown keeping a good term and dropping a bad one.
import { describe, expect, it } from 'vitest';
import { buildVocabulary, type VocabSource } from './generate';

function source(system: string, terms: VocabSource['terms']): VocabSource {
  return {
    system,
    name: system,
    source: { repository: `https://github.com/example/${system}`, paths: ['l10n/<lang>.json'] },
    commit: '0'.repeat(40),
    licence: 'MIT',
    extractedBy: 'scripts/vocab/extract.mjs',
    terms,
  };
}

const team = source('backstop', {
  de: { codeWords: ['code'], orWords: ['oder'] },
  el: { codeWords: ['κωδικος'], orWords: ['η'] },
  pl: { codeWords: ['kod'], orWords: ['lub'] },
  es: { codeWords: ['codigo'], orWords: ['o'] },
  gl: { codeWords: ['codigo'], orWords: ['ou'] },
});

describe('buildVocabulary', () => {
  it('keeps a language named by two systems, with stems, and leaves out one named by one', () => {
    const { vocabulary, excludedLanguages } = buildVocabulary([
      team,
      source('a', {
        de: { positive: ['Wiederherstellungscodes'] },
        pl: { positive: ['kody zapasowe'] },
      }),
      source('b', { de: { positive: ['Backup-Codes'] } }),
    ]);
    expect(Object.keys(vocabulary.languages)).toEqual(['de']);
    // Stems: a final vowel goes where five letters remain, so inflections match.
    expect(vocabulary.languages.de?.positive).toEqual(['backup code', 'wiederherstellungscod']);
    expect(vocabulary.languages.de?.systems).toEqual(['a', 'b']);
    expect(excludedLanguages).toEqual([{ language: 'pl', systems: ['a'] }]);
  });

  it('drops a backup-code term that names no code, or only a code', () => {
    const { vocabulary, dropped } = buildVocabulary([
      team,
      source('a', { pl: { positive: ['kody zapasowe', 'zapasowe', 'kod'] } }),
      source('b', { pl: { positive: ['kod odzyskiwania'] } }),
    ]);
    expect(vocabulary.languages.pl?.positive).toEqual(['kod odzyskiwan', 'kody zapasow']);
    expect(dropped.map((d) => [d.term, d.reason])).toEqual([
      ['zapasowe', 'names no code (no word for "code" or "token")'],
      ['kod', 'is only a word for "code"'],
    ]);
  });

  it('drops a backup-code term that is no more than a generic code of its language', () => {
    const { vocabulary, dropped } = buildVocabulary([
      team,
      source('a', {
        de: { positive: ['Bestätigungscode', 'Backup-Code'], generic: ['E-Mail-Bestätigungscode'] },
      }),
      source('b', { de: { positive: ['Notfallcode'] } }),
    ]);
    expect(vocabulary.languages.de?.positive).toEqual(['backup code', 'notfallcod']);
    expect(dropped[0]?.reason).toMatch(/generic/);
  });

  it('drops a backup-code term that holds a trap term of its own language', () => {
    // A translation of "recovery code" that says "password for recovery".
    const { vocabulary, dropped } = buildVocabulary([
      team,
      source('a', {
        pl: { positive: ['kod odzyskiwania', 'hasło kod odzyskiwania'], field: ['hasło'] },
      }),
      source('b', { pl: { positive: ['kody zapasowe'] } }),
    ]);
    expect(vocabulary.languages.pl?.positive).toEqual(['kod odzyskiwan', 'kody zapasow']);
    expect(dropped.map((d) => d.reason)).toEqual([
      'contains the field term "hasło" of its own language',
    ]);
  });

  it('drops a trap term that is only its language\'s word for "code"', () => {
    // Greek uses "κωδικός" for code and, short, for password: as a field term it would hide every code field.
    const { vocabulary, dropped } = buildVocabulary([
      team,
      source('a', {
        el: { positive: ['κωδικός ανάκτησης'], field: ['Κωδικός', 'Κωδικός πρόσβασης'] },
      }),
      source('b', { el: { positive: ['εφεδρικός κωδικός'] } }),
    ]);
    expect(vocabulary.languages.el?.field).toEqual(['κωδικοσ προσβασησ']);
    expect(vocabulary.languages.el?.positive).toContain('κωδικοσ ανακτησησ');
    expect(dropped.map((d) => d.term)).toEqual(['κωδικοσ']);
  });

  it("drops a trap term that would cancel another language's backup-code term on its own", () => {
    // A word that is harmless in Spanish but starts a German backup-code term.
    const { vocabulary, dropped } = buildVocabulary([
      team,
      source('a', {
        de: { positive: ['Notfallcode'] },
        es: { positive: ['codigo de respaldo'], field: ['busqueda', 'notfall'] },
      }),
      source('b', {
        de: { positive: ['Backup-Code'] },
        es: { positive: ['codigo de emergencia'] },
      }),
    ]);
    expect(vocabulary.languages.es?.field).toEqual(['busqued']);
    expect(dropped).toEqual([
      {
        language: 'es',
        category: 'field',
        term: 'notfall',
        reason: 'would cancel the backup-code term "notfallcode" on its own',
      },
    ]);
  });

  it('drops a term that another language\'s "or" would cut in two', () => {
    const { vocabulary, dropped } = buildVocabulary([
      team,
      source('a', {
        gl: {
          positive: ['codigo de respaldo'],
          reset: ['esqueceu o contrasinal', 'restablecer contrasinal'],
        },
        es: { positive: ['codigo de emergencia'] },
      }),
      source('b', {
        gl: { positive: ['codigo de recuperacion'] },
        es: { positive: ['codigo de respaldo'] },
      }),
    ]);
    expect(vocabulary.languages.gl?.reset).toEqual(['restablecer contrasinal']);
    expect(dropped.map((d) => d.reason)).toEqual(['is cut in two by an "or" word']);
  });
});
