// Normalisation and matching per script: the same folding runs on page text
// and on every vocabulary term, so each case here is a pair a page and a
// catalog may write differently.
import { describe, expect, it } from 'vitest';
import {
  compile,
  isUnspaced,
  normalize,
  orSplitter,
  splitClauses,
  stemPhrase,
  stemWord,
} from './text';

describe('normalize', () => {
  it('splits camelCase and punctuation in identifiers, folds case and Latin diacritics', () => {
    expect(normalize('backupCodePin')).toBe('backup code pin');
    expect(normalize('user[otp_attempt]')).toBe('user otp attempt');
    expect(normalize('Código de Recuperación')).toBe('codigo de recuperacion');
    expect(normalize('Mã khôi phục')).toBe('ma khoi phuc');
    expect(normalize('Wiederherstellungs-Codes')).toBe('wiederherstellungs codes');
  });

  it('folds width and compatibility forms (NFKC) in CJK', () => {
    expect(normalize('ﾊﾞｯｸｱｯﾌﾟｺｰﾄﾞ')).toBe('バックアップコード');
    expect(normalize('ＱＲコード')).toBe('qrコード');
    // Kana voicing marks and Hangul syllables survive the decomposition round trip.
    expect(normalize('バックアップ')).toBe('バックアップ');
    expect(normalize('복구 코드')).toBe('복구 코드');
  });

  it('Turkish: dotted and dotless i meet whatever the case', () => {
    expect(normalize('KURTARMA KODLARI')).toBe(normalize('kurtarma kodları'));
    expect(normalize('İKİ ADIMLI')).toBe(normalize('iki adımlı'));
    expect(normalize('Şifre')).toBe('sifre');
  });

  it('Arabic: tashkeel, tatweel and letter-form variants are folded', () => {
    // With and without diacritics (fatha, sukun, shadda…).
    expect(normalize('رَمْزُ الاسْتِرْدَادِ')).toBe(normalize('رمز الاسترداد'));
    // Tatweel (kashida) stretches a word without changing it.
    expect(normalize('رمـــز')).toBe('رمز');
    // Alef with hamza above/below or madda, and plain alef.
    expect(normalize('أكواد')).toBe(normalize('اكواد'));
    expect(normalize('إعادة')).toBe(normalize('اعاده'));
    // Ta marbuta and ha; alef maqsura and ya.
    expect(normalize('استعادة')).toBe(normalize('استعاده'));
    expect(normalize('مستوى')).toBe(normalize('مستوي'));
  });

  it('Arabic: the definite article, alone or after a one-letter prefix, is dropped', () => {
    expect(normalize('رمز الاسترداد')).toBe(normalize('رمز استرداد'));
    expect(normalize('الرموز الاحتياطية')).toBe(normalize('رموز احتياطية'));
    // "for the recovery", "and the code", "with the code"
    expect(normalize('للاسترداد')).toBe('استرداد');
    expect(normalize('والرمز')).toBe('رمز');
    expect(normalize('بالرمز')).toBe('رمز');
    // Words that only start like it stay whole.
    expect(normalize('الف')).toBe('الف');
    expect(normalize('بالون')).toBe('بالون');
    // Normalising twice changes nothing.
    const once = normalize('البريد الإلكتروني');
    expect(normalize(once)).toBe(once);
  });

  it('Persian: Persian yeh and keheh meet their Arabic forms; the zero-width non-joiner joins', () => {
    expect(normalize('کد بازیابی')).toBe(normalize('كد بازيابي'));
    expect(normalize('کد\u200cهای پشتیبان')).toBe(normalize('کدهای پشتیبان'));
  });

  it('Hebrew: niqqud is stripped and final letters meet their medial forms', () => {
    expect(normalize('קוֹד שִׁחְזוּר')).toBe('קוד שחזור');
    // Final nun in the singular, medial nun before a suffix: the stem starts both.
    expect(normalize('טוקן')).toBe('טוקנ');
    expect(normalize('קודים')).toBe('קודימ');
  });

  it('Greek: accents and final sigma fold', () => {
    expect(normalize('Κωδικός ανάκτησης')).toBe('κωδικοσ ανακτησησ');
    expect(normalize('ΚΩΔΙΚΟΣ ΑΝΑΚΤΗΣΗΣ')).toBe('κωδικοσ ανακτησησ');
  });

  it('German sharp s and Croatian d with stroke', () => {
    expect(normalize('Schlüssel für Großbuchstaben')).toBe('schlussel fur grossbuchstaben');
    expect(normalize('Đặt lại')).toBe('dat lai');
  });

  it('keeps the vowel signs that spell Devanagari, Thai and other Brahmic words', () => {
    expect(normalize('पुनर्प्राप्ति कोड')).toBe('पुनर्प्राप्ति कोड');
    expect(normalize('รหัสกู้คืน')).toBe('รหัสกู้คืน');
    expect(normalize('வீண்டெடுக்கல்')).not.toBe('');
  });
});

describe('scripts without spaces', () => {
  it('are recognized by script', () => {
    for (const p of [
      '备用码',
      '備用碼',
      'バックアップコード',
      '백업 코드',
      'รหัสสำรอง',
      'ລະຫັດ',
      'លេខកូដ',
    ])
      expect(isUnspaced(p), p).toBe(true);
    for (const p of ['backup code', 'رمز الاسترداد', 'קוד שחזור', 'पुनर्प्राप्ति कोड', 'резервный код'])
      expect(isUnspaced(p), p).toBe(false);
  });

  it('match anywhere, spaces ignored (CJK, Korean with or without spaces, Thai)', () => {
    const m = compile([normalize('备用码'), normalize('백업 코드'), normalize('รหัสสำรอง')]);
    expect(m(normalize('请输入您的备用码以继续'))).toBe('备用码');
    expect(m(normalize('백업코드를 입력하세요'))).toBe('백업 코드');
    expect(m(normalize('백업 코드를 입력하세요'))).toBe('백업 코드');
    expect(m(normalize('กรอกรหัสสำรองของคุณ'))).toBe(normalize('รหัสสำรอง'));
    expect(m(normalize('验证码'))).toBeUndefined();
  });
});

describe('stems and word-by-word matching', () => {
  it('stems keep five letters and drop a plural s and final vowels', () => {
    expect(stemWord('codigos')).toBe('codig');
    expect(stemWord('резервные')).toBe('резервн');
    expect(stemWord('codes')).toBe('code');
    // Short words stay whole: "phone" must not become a prefix of "phong".
    expect(stemWord('phone')).toBe('phone');
    expect(stemPhrase('kody zapasowe')).toBe('kody zapasow');
    expect(stemPhrase('备用码')).toBe('备用码');
  });

  it('a stem matches the inflections that start with it (Slavic, Turkish, Romance)', () => {
    const m = compile([stemPhrase('резервный код'), stemPhrase('kod zapasowy'), 'yedek kod']);
    expect(m(normalize('Введите один из резервных кодов'))).toBe('резервн код');
    expect(m(normalize('Wpisz jeden z kodów zapasowych'))).toBe('kod zapasow');
    expect(m(normalize('yedek kodlarınızdan birini girin'))).toBe('yedek kod');
  });

  it('compounds match at a word start; short one-word phrases only as whole words', () => {
    const m = compile(['wiederherstellungscode', 'tel', 'sms']);
    expect(m('einen ihrer wiederherstellungscodes')).toBe('wiederherstellungscode');
    expect(m('tell us')).toBeUndefined();
    expect(m('tel')).toBe('tel');
    expect(m('smsen')).toBeUndefined();
  });

  it('two-letter words inside a phrase must be whole words', () => {
    const m = compile(['code de secours']);
    expect(m('code de secours')).toBe('code de secours');
    expect(m('code des secours')).toBeUndefined();
  });

  it('glued phrases match attribute values without spaces', () => {
    const m = compile(['recovery code', 'backup code'], true);
    expect(m('recoverycode')).toBe('recovery code');
    expect(m(normalize('twoFactorRecoveryCode'))).toBe('recovery code');
    expect(compile(['recovery code'])('recoverycode')).toBeUndefined();
  });
});

describe('clauses', () => {
  const or = orSplitter([
    'or',
    'oder',
    'او',
    'או',
    'या',
    'или',
    'veya',
    'ya da',
    'または',
    '或',
    '또는',
    'หรือ',
  ]);

  it('split at punctuation of every script and at "or"', () => {
    expect(splitClauses('Enter the code we texted you, or one of your backup codes', or)).toEqual([
      'enter the code we texted you',
      'one of your backup codes',
    ]);
    expect(splitClauses('أدخل الرمز المرسل، أو رمز الاسترداد', or)).toHaveLength(2);
    expect(splitClauses('ऐप का कोड डालें। या रिकवरी कोड', or)).toHaveLength(2);
    expect(splitClauses('Kodu girin ya da yedek kodu kullanın', or)).toHaveLength(2);
    expect(splitClauses('앱 코드 또는 복구 코드', or)).toHaveLength(2);
    expect(splitClauses('รหัสจากแอปหรือรหัสสำรอง', or)).toHaveLength(2);
    expect(splitClauses('認証アプリのコードまたはバックアップコードを入力', or)).toHaveLength(2);
  });

  it('an or-word inside another word does not split', () => {
    expect(splitClauses('Enter your order number', or)).toEqual(['enter your order number']);
  });
});
