import { render } from 'preact';
import { requestEarly } from '../../platform/early';
import { browserServices, installBrowserMessages } from '../shared/platformServices';
import { PopupApp } from './PopupApp';
import { ServicesProvider } from '../shared/services';
import '../shared/styles.css';

// Sent before the first render, so the background answers while Preact renders
// the shell (first-render budget, docs/design.md §6; see src/ui/shared/preload.ts).
const early = requestEarly(['vault.status', 'accounts.list', 'ui.tabContext']);
installBrowserMessages();
const services = browserServices({ closeAfterOpeningManager: true, early });
render(
  <ServicesProvider services={services}>
    <PopupApp />
  </ServicesProvider>,
  document.getElementById('app')!,
);
// Read by `npm run bench` (first-render budget, docs/design.md §6).
performance.mark('backstop:first-render');
