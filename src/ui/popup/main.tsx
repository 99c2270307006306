import { render } from 'preact';
import { requestEarly } from '../../platform/early';
import { LanguageRoot } from '../shared/LanguageRoot';
import { browserServices, installBrowserMessages } from '../shared/platformServices';
import { PopupApp } from './PopupApp';
import { ServicesProvider } from '../shared/services';
import '../shared/styles.css';

// Sent before the first render, so the background answers while Preact renders
// the shell (first-render budget, docs/design.md §6; see src/ui/shared/preload.ts).
const early = requestEarly(['vault.status', 'accounts.list', 'ui.tabContext']);
const { language, ready } = installBrowserMessages();
const services = browserServices({ closeAfterOpeningManager: true, early, language });
function show() {
  render(
    <ServicesProvider services={services}>
      <LanguageRoot app={() => <PopupApp />} />
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
