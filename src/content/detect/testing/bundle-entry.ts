// Test-only entry: the detector as the content script ships it, for the size
// and in-browser speed budget (budget.test.ts).
export { findBackupCodeFields, hasTextInputs } from '../index';
export { watchForFields } from '../observe';
