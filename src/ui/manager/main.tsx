import { render } from 'preact';
import { requestEarly } from '../../platform/early';
import { LanguageRoot } from '../shared/LanguageRoot';
import { browserServices, installBrowserMessages } from '../shared/platformServices';
import { ServicesProvider } from '../shared/services';
import '../shared/styles.css';
import { ManagerApp } from './ManagerApp';

// Sent before the first render, so the background answers while Preact renders
// the shell (first-render budget, docs/design.md §6; see src/ui/shared/preload.ts).
const early = requestEarly(['vault.status', 'accounts.list']);
const { language, ready } = installBrowserMessages();
const services = browserServices({
  closeAfterOpeningManager: false,
  early,
  language,
  // The OCR engine loads only when a picture is read (docs/ocr.md).
  readImage: (req) => import('../../ocr/reader').then((m) => m.readImageFile(req)),
});
function show() {
  render(
    <ServicesProvider services={services}>
      <LanguageRoot app={() => <ManagerApp />} />
    </ServicesProvider>,
    document.getElementById('app')!,
  );
  // Read by `npm run bench` (first-render budget, docs/design.md §6).
  performance.mark('backstop:first-render');
}
// Another language than the browser's: from the kept copy at once, else read from the package first
// (src/ui/shared/language.ts).
if (ready) void ready.then(show);
else show();
