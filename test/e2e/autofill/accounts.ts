/**
 * The fixture routes and the vault the autofill suites share
 * (autofill.test.ts: fills; autofill-refusals.test.ts: where nothing may be
 * filled), in both browsers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/env';
import type { AccountSpec } from './driver';

const codesFile = (name: string) =>
  readFileSync(join(REPO_ROOT, 'test/fixtures/codes', name), 'utf8');

export const RECOVERY = 'https://github.com/sessions/two-factor/recovery';

export const ROUTES = {
  'github.com/sessions/two-factor/recovery': 'github-recovery.html',
  'github.com/sessions/two-factor/recovery-spa': 'e2e/github-recovery-spa.html',
  'github.com/sessions/two-factor/app': 'github-app.html',
  'github.com/e2e/hostile': 'e2e/hostile.html',
  'github.com/e2e/sandboxed': 'e2e/sandboxed-frame.html',
  'github.com/e2e/cross-origin': 'e2e/cross-origin-frame.html',
  'github.com/e2e/srcdoc': 'e2e/srcdoc-frame.html',
  'github.com/e2e/sandboxed-srcdoc': 'e2e/sandboxed-srcdoc-frame.html',
  'github.com.evil.net/e2e/srcdoc': 'e2e/srcdoc-frame.html',
  'news.example.com/embed': 'e2e/matching-frame.html',
  'github.com.evil.net/sessions/two-factor/recovery': 'github-recovery.html',
  'www.instagram.com/accounts/login/two_factor': 'e2e/backup-code.html',
  'www.1nstagram.com/accounts/login/two_factor': 'e2e/backup-code.html',
  'acme-backup.org/login/backup': 'e2e/backup-code.html',
  'evil-cdn.net/verify/backup': 'e2e/backup-code.html',
  'spent-codes.org/login/backup': 'e2e/backup-code.html',
  // The page names only the app; the site rule (sent as the site hint) finds the field.
  'www.facebook.com/checkpoint/login': 'facebook-checkpoint.html',
  '*/favicon.ico': { status: 204 },
};

/** GitHub, Instagram, Acme, Facebook, and an account whose codes are all used. */
export const ACCOUNTS = {
  github: {
    site: 'GitHub',
    domains: ['github.com'],
    codesText: codesFile('github-recovery-codes.txt'),
  },
  instagram: {
    site: 'Instagram',
    domains: ['instagram.com'],
    codesText: codesFile('instagram-paste.txt'),
  },
  acme: { site: 'Acme', domains: ['acme-backup.org'], codesText: codesFile('instagram-paste.txt') },
  facebook: {
    site: 'Facebook',
    domains: ['facebook.com'],
    codesText: codesFile('instagram-paste.txt'),
  },
  spent: {
    site: 'Spent',
    domains: ['spent-codes.org'],
    codesText: codesFile('microsoft-recovery-code.txt'),
    allUsed: true,
  },
} satisfies Record<string, AccountSpec>;
