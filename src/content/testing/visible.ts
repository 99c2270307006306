/**
 * For unit tests of the button in jsdom, which has no layout: a clickjacking
 * guard that accepts every click (visibility.test.ts tests the real one).
 */
import type { VisibilityGuard } from '../visibility';

export const alwaysVisible = (): VisibilityGuard => ({ accepts: () => true, stop: () => {} });
