// Test-only entry: the background's half of detection (qualification with the
// full vocabulary), bundled apart to time it in Chromium (budget.test.ts).
export { qualifyField } from '../../../core/detect/qualify';
export { keywords } from '../../../core/detect/keywords';
