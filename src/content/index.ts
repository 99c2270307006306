// Content script entry (every frame, document_idle). It exports nothing, so
// the bundle is a bare IIFE; the logic is in controller.ts.
import { contentRuntime } from '../platform/content-api';
import { ask, serveBackground } from '../platform/content-messaging';
import { startContent } from './controller';

// No runtime: the extension was updated or removed under this page.
if (contentRuntime()) {
  const controller = startContent(document, {
    ask,
    // The isolated world's view of the origin: a page cannot fake it.
    sandboxed: self.origin === 'null',
  });
  serveBackground(controller.handlers);
}
