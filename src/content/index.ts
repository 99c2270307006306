// Content script entry (every frame, document_idle). It exports nothing, so
// the bundle is a bare IIFE; the logic is in controller.ts.
import { contentRuntime } from '../platform/content-api';
import { SUBMIT_PORT } from '../messages';
import { ask, portPoster, serveBackground } from '../platform/content-messaging';
import { startContent } from './controller';

// No runtime: the extension was updated or removed under this page.
if (contentRuntime()) {
  const controller = startContent(document, {
    ask,
    armSubmit: portPoster(SUBMIT_PORT),
    // The isolated world's view of the origin: a page cannot fake it.
    sandboxed: self.origin === 'null',
  });
  serveBackground(controller.handlers);
}
