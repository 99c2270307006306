// The open-source systems whose translation catalogs the detector's
// vocabulary is taken from (docs/vocabulary.md), and which of their
// messages name what. extract.mjs reads a checkout of each and writes
// src/core/detect/vocab/sources/<id>.json.
//
// Each entry of `terms` is one category and the catalog keys it comes from:
// - one key: its translation is the term (when it is short: terms.ts);
// - several keys that all name the same thing ("Recovery Code", "Use a
//   recovery code"): the words their translations share are the term, so a
//   phrase like "Use a recovery code" gives "recovery code" in the inflected
//   form that language uses after a verb.
// Keys are English msgids (gettext, and catalogs keyed by English text) or
// dotted paths into the catalog (the `english` file then gives the English).
//
// Categories: positive (names backup/recovery codes), delivery (a code sent
// by SMS or e-mail), reset (password reset), setup (confirming a new
// authenticator), recoveryContact (recovery e-mail/phone), field (another
// kind of field: password, search, coupon, gift card, postal code, phone),
// codeWords (the word "code"/"token"), generic (a code that is not a backup
// code: "verification code", "authentication code"; never shipped, it only
// rejects positives that are no more than that).
//
// `exclude` drops a translation that says something else (with the reason);
// what is dropped is listed in the output file.

/** @typedef {{ category: string, keys: string[] }} TermSpec */

const one = (category, ...keys) => keys.map((k) => ({ category, keys: [k] }));
const common = (category, ...keys) => ({ category, keys });

export const SYSTEMS = [
  {
    id: 'django-allauth',
    name: 'django-allauth (MFA recovery codes)',
    repository: 'https://github.com/pennersr/django-allauth',
    licence: 'MIT',
    files: [/^allauth\/locale\/([^/]+)\/LC_MESSAGES\/django\.po$/],
    format: 'po',
    terms: [
      ...one('positive', 'Recovery codes', 'Recovery Codes'),
      common(
        'positive',
        'Recovery Codes',
        'New Recovery Codes Generated',
        'I have saved my recovery codes',
      ),
      ...one('delivery', 'Enter Email Verification Code', 'Enter Phone Verification Code'),
      ...one('reset', 'Password Reset', 'Password Reset Code', 'Enter Password Reset Code'),
      ...one('field', 'Password', 'Username', 'Email address', 'Phone'),
      ...one('setup', 'Activate Authenticator App'),
      ...one('codeWords', 'Code'),
      ...one('generic', 'Authenticator code', 'Sign-In Code'),
    ],
    exclude: {
      th: { ลงชื่อเข้าใช้: 'translates "Sign-In Code" as "sign in" without the word code' },
    },
  },
  {
    id: 'django-two-factor-auth',
    name: 'django-two-factor-auth (backup tokens)',
    repository: 'https://github.com/jazzband/django-two-factor-auth',
    licence: 'MIT',
    files: [/^two_factor\/locale\/([^/]+)\/LC_MESSAGES\/django\.po$/],
    format: 'po',
    terms: [
      ...one('positive', 'Backup Tokens'),
      common('positive', 'Backup Tokens', 'Use Backup Token'),
      ...one('recoveryContact', 'Backup Phone Numbers', 'Add Backup Phone'),
      ...one('delivery', 'Text message', 'Text Message'),
      ...one('field', 'Phone Number'),
      ...one('codeWords', 'Token'),
      ...one('generic', 'Token generator'),
    ],
    exclude: {
      ja: { メッセージ: 'translates "Text message" as plain "message"' },
      es: { 'enviar mensaje de texto': 'a verb phrase ("send a text message")' },
      ro: { 'cod de autentificare': 'translates "Token" as "authentication code"' },
    },
  },
  {
    id: 'laravel-lang',
    name: 'Laravel Lang (Laravel Fortify and Jetstream recovery codes)',
    repository: 'https://github.com/Laravel-Lang/lang',
    licence: 'MIT',
    files: [/^locales\/([^/]+)\/json\.json$/],
    format: 'json',
    terms: [
      ...one('positive', 'Recovery Code'),
      common('positive', 'Recovery Code', 'Use a recovery code'),
      common('positive', 'Regenerate Recovery Codes', 'Show Recovery Codes'),
      ...one('reset', 'Reset Password'),
      ...one('setup', 'Finish enabling two factor authentication.'),
      ...one('field', 'Coupon', 'Password', 'Email', 'Search'),
      ...one('codeWords', 'Code'),
      ...one('generic', 'Use an authentication code'),
    ],
  },
  {
    id: 'bookstack',
    name: 'BookStack (MFA backup codes)',
    repository: 'https://github.com/BookStackApp/BookStack',
    licence: 'MIT',
    files: [/^lang\/([^/]+)\/auth\.php$/],
    format: 'php',
    english: 'en',
    terms: [
      ...one('positive', 'mfa_option_backup_codes_title', 'mfa_verify_backup_code'),
      common('positive', 'mfa_verify_backup_code', 'mfa_verify_use_backup_codes'),
      ...one('setup', 'mfa_gen_totp_verify_setup'),
      ...one('reset', 'reset_password'),
      ...one('field', 'email', 'password'),
    ],
    exclude: {
      ja: { 確認コード: 'translates "Backup Code" as "confirmation code"' },
      // The plural "Sikkerhetskoder" stays: a card's CVC is one code.
      nb: {
        Sikkerhetskode: 'translates "Backup Code" as "security code", the name of a card\'s CVC',
      },
    },
  },
  {
    id: 'gogs',
    name: 'Gogs (2FA recovery codes)',
    repository: 'https://github.com/gogs/gogs',
    licence: 'MIT',
    files: [/^conf\/locale\/locale_([^/]+)\.ini$/],
    format: 'ini',
    english: 'en-US',
    terms: [
      ...one('positive', 'auth.mfa_recovery_code', 'form.RecoveryCode'),
      common('positive', 'auth.mfa_recovery_code', 'auth.mfa_use_recovery_code'),
      ...one('reset', 'auth.reset_password_submit'),
      ...one('field', 'explore.search'),
      ...one('generic', 'auth.mfa_passcode'),
    ],
  },
  {
    id: 'matomo',
    name: 'Matomo (two-factor authentication recovery codes)',
    repository: 'https://github.com/matomo-org/matomo',
    licence: 'GPL-3.0-or-later',
    files: [/^plugins\/TwoFactorAuth\/lang\/([^/]+)\.json$/],
    format: 'json',
    english: 'en',
    terms: [
      ...one('positive', 'TwoFactorAuth.RecoveryCodes'),
      common('positive', 'TwoFactorAuth.RecoveryCodes', 'TwoFactorAuth.ShowRecoveryCodes'),
      ...one('generic', 'TwoFactorAuth.AuthenticationCode'),
    ],
  },
  {
    id: 'redmine',
    name: 'Redmine (two-factor authentication backup codes)',
    repository: 'https://github.com/redmine/redmine',
    licence: 'GPL-2.0-or-later',
    files: [/^config\/locales\/([^/]+)\.yml$/],
    format: 'yaml',
    english: 'en',
    terms: [
      common('positive', 'twofa_label_backup_codes', 'twofa_generate_backup_codes'),
      ...one('reset', 'label_password_lost'),
      ...one('field', 'label_search', 'field_password'),
    ],
  },
  {
    id: 'monica',
    name: 'Monica (two-factor recovery codes)',
    repository: 'https://github.com/monicahq/monica',
    licence: 'AGPL-3.0',
    files: [/^lang\/([^/]+)\.json$/],
    format: 'json',
    terms: [
      ...one('positive', 'Recovery Code'),
      common('positive', 'Recovery Code', 'Use a recovery code'),
      ...one('setup', 'Finish enabling two factor authentication.'),
    ],
  },
  {
    id: 'statamic',
    name: 'Statamic (two-factor recovery codes)',
    repository: 'https://github.com/statamic/cms',
    licence: 'Statamic license (LICENSE.md)',
    files: [/^lang\/([^/]+)\.json$/],
    format: 'json',
    terms: [
      ...one('positive', 'Recovery Code', 'Recovery Codes'),
      common('positive', 'Recovery Code', 'Use recovery code'),
    ],
  },
  {
    id: 'logto',
    name: 'Logto (MFA backup codes)',
    repository: 'https://github.com/logto-io/logto',
    licence: 'MPL-2.0',
    files: [/^packages\/phrases-experience\/src\/locales\/([^/]+)\/mfa\.ts$/],
    format: 'script',
    english: 'en',
    terms: [
      ...one('positive', 'backup_code'),
      common('positive', 'backup_code', 'enter_a_backup_code'),
      ...one('delivery', 'email_verification_code', 'phone_verification_code'),
      ...one('setup', 'scan_qr_code'),
    ],
  },
  {
    id: 'casdoor',
    name: 'Casdoor (MFA recovery codes)',
    repository: 'https://github.com/casdoor/casdoor',
    licence: 'Apache-2.0',
    files: [/^web\/src\/locales\/([^/]+)\/data\.json$/],
    format: 'json',
    english: 'en',
    terms: [
      ...one('positive', 'mfa.Recovery code'),
      common('positive', 'mfa.Recovery code', 'mfa.Use a recovery code'),
      ...one('delivery', 'code.Email code', 'mfa.Use SMS verification code'),
      ...one('generic', 'login.Verification code'),
    ],
  },
  {
    id: 'tutanota',
    name: 'Tuta (recovery code)',
    repository: 'https://github.com/tutao/tutanota',
    licence: 'GPL-3.0',
    files: [/^src\/ui\/translations\/([^/]+)\.ts$/],
    format: 'script',
    english: 'en',
    terms: [
      ...one('positive', 'keys.recoveryCode_label'),
      ...one('field', 'keys.giftCard_label', 'keys.password_label', 'keys.search_label'),
    ],
    exclude: {
      sl: { 'geslo za obnovitev': 'translates "Recovery code" as "password for recovery"' },
      sr: { 'лозинка за опоравак': 'translates "Recovery code" as "password for recovery"' },
      ru: { подарок: 'translates "Gift card" as plain "gift"' },
      pt: { 'marcador de cartao de presente': 'translates "Gift card" as "gift card marker"' },
    },
  },
  {
    id: 'roundcube-twofactor-gauthenticator',
    name: 'Roundcube twofactor_gauthenticator plugin (recovery codes)',
    repository: 'https://github.com/alexandregz/twofactor_gauthenticator',
    licence: 'MIT',
    files: [/^localization\/([^/]+)\.inc$/],
    format: 'php',
    english: 'en_US',
    terms: [
      ...one('positive', 'recovery_codes'),
      common('positive', 'recovery_codes', 'show_recovery_codes', 'hide_recovery_codes'),
      ...one('setup', 'qr_code'),
      ...one('generic', 'code'),
    ],
  },
  {
    id: 'filament-breezy',
    name: 'Filament Breezy (two-factor recovery codes)',
    repository: 'https://github.com/jeffgreco13/filament-breezy',
    licence: 'MIT',
    files: [/^resources\/lang\/([^/]+)\/default\.php$/],
    format: 'php',
    english: 'en',
    terms: [
      ...one('positive', 'fields.2fa_recovery_code'),
      common('positive', 'fields.2fa_recovery_code', 'two_factor.recovery_code_link'),
      ...one('generic', 'fields.2fa_code'),
    ],
  },
  {
    id: 'pelican-panel',
    name: 'Pelican Panel (two-factor backup codes)',
    repository: 'https://github.com/pelican-dev/panel',
    licence: 'AGPL-3.0',
    files: [/^lang\/([^/]+)\/profile\.php$/],
    format: 'php',
    english: 'en',
    terms: [...one('positive', 'backup_codes')],
  },
  {
    id: 'nextcloud-twofactor-totp',
    name: 'Nextcloud TOTP provider (set-up step)',
    repository: 'https://github.com/nextcloud/twofactor_totp',
    licence: 'AGPL-3.0',
    files: [/^l10n\/([^/]+)\.json$/],
    format: 'json',
    english: 'en_GB',
    terms: [
      ...one('setup', 'translations.Enable TOTP', 'translations.Your new TOTP secret is:'),
      ...one('generic', 'translations.Authentication code'),
    ],
  },
  {
    id: 'nextcloud-twofactor-gateway',
    name: 'Nextcloud two-factor gateway (codes sent by SMS)',
    repository: 'https://github.com/nextcloud/twofactor_gateway',
    licence: 'AGPL-3.0',
    files: [/^l10n\/([^/]+)\.json$/],
    format: 'json',
    english: 'en_GB',
    terms: [
      ...one('delivery', 'translations.Authenticate via SMS'),
      ...one('field', 'translations.Phone number'),
      ...one('generic', 'translations.Authentication code'),
    ],
  },
  {
    id: 'espocrm',
    name: 'EspoCRM (sign-in, password recovery and code fields)',
    repository: 'https://github.com/espocrm/espocrm',
    licence: 'AGPL-3.0',
    files: [/^application\/Espo\/Resources\/i18n\/([^/]+)\/(?:Global|User)\.json$/],
    format: 'json',
    english: 'en_US',
    terms: [
      ...one('reset', 'labels.Forgot Password?'),
      ...one('delivery', 'labels.Send Code'),
      ...one('field', 'labels.PostalCode', 'labels.Password', 'fields.phoneNumber'),
    ],
  },
  {
    id: 'kanboard',
    name: 'Kanboard (two-factor set-up and password reset)',
    repository: 'https://github.com/kanboard/kanboard',
    licence: 'MIT',
    files: [/^app\/Locale\/([^/]+)\/translations\.php$/],
    format: 'php',
    terms: [
      ...one('setup', 'Check two factor authentication code'),
      ...one('reset', 'Forgot password?', 'Password Reset'),
      ...one('field', 'Search'),
    ],
  },
  {
    id: 'ory-elements',
    name: 'Ory Elements (Ory Kratos lookup secrets: backup recovery codes)',
    repository: 'https://github.com/ory/elements',
    licence: 'Apache-2.0',
    files: [/^packages\/elements-react\/src\/locales\/([^/]+)\.json$/],
    format: 'json',
    english: 'en',
    terms: [
      ...one('positive', 'identities.messages.1010007', 'two-step.lookup_secret.title'),
      common('positive', 'identities.messages.1050007', 'identities.messages.1050011'),
      ...one('recoveryContact', 'identities.messages.1070016'),
      ...one('setup', 'identities.messages.1050005'),
    ],
  },
  {
    id: 'nextcloud-twofactor-backupcodes',
    name: 'Nextcloud two-factor backup codes',
    repository: 'https://github.com/nextcloud/server',
    licence: 'AGPL-3.0',
    files: [/^apps\/twofactor_backupcodes\/l10n\/([^/]+)\.json$/],
    format: 'json',
    english: 'en_GB',
    terms: [
      ...one('positive', 'translations.Backup code'),
      common('positive', 'translations.Backup code', 'translations.Use backup code'),
    ],
    exclude: {
      hu: {
        'Biztonsági kód': 'translates "Backup code" as "security code", the name of a card\'s CVC',
      },
    },
  },
  {
    id: 'thingsboard',
    name: 'ThingsBoard (two-factor backup codes)',
    repository: 'https://github.com/thingsboard/thingsboard',
    licence: 'Apache-2.0',
    files: [/^ui-ngx\/src\/assets\/locale\/locale\.constant-([^/]+)\.json$/],
    format: 'json',
    english: 'en_US',
    terms: [
      ...one('positive', 'login.backup-code-auth-placeholder', 'security.2fa.provider.backup_code'),
      common('positive', 'login.backup-code-auth-placeholder', 'login.get-backup-code'),
      ...one('delivery', 'login.sms-auth-placeholder', 'login.email-auth-placeholder'),
      ...one('reset', 'login.request-password-reset', 'login.forgot-password'),
      ...one('field', 'security.2fa.dialog.sms-step-label'),
      ...one('setup', 'login.scan-qr-code', 'login.enable-authenticator-app'),
    ],
    exclude: {
      da: {
        Sikkerhedskode: 'translates "Backup code" as "security code", the name of a card\'s CVC',
      },
    },
  },
  {
    id: 'authgear',
    name: 'Authgear (MFA recovery codes)',
    repository: 'https://github.com/authgear/authgear-server',
    licence: 'Apache-2.0',
    files: [/^resources\/authgear\/templates\/([^/]+)\/translation\.json$/],
    format: 'json',
    english: 'en',
    terms: [
      ...one('positive', 'v2.page.settings-mfa.default.recovery-code-label'),
      common(
        'positive',
        'v2.page.enter-recovery-code.default.title',
        'v2.component.authflow-branch.default.enter-recovery-code-instead',
      ),
      ...one(
        'delivery',
        'v2.component.authflow-branch.default.enter-phone-otp-sms-instead',
        'email.verification.subject',
      ),
      ...one('reset', 'v2.page.forgot-password.default.title'),
      ...one('setup', 'v2.page.settings-mfa-enter-totp.default.rescan-button-label'),
    ],
  },
];
