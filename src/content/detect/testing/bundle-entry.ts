// Test-only entry: the page's half of detection as the content script ships
// it, for the size and in-browser speed budget (budget.test.ts).
export { collectCandidates, hasTextInputs } from '../index';
export { watchForFields } from '../observe';
