import { render } from 'preact';
import { browserServices, installBrowserMessages } from '../shared/platformServices';
import { PopupApp } from '../shared/PopupApp';
import { ServicesProvider } from '../shared/services';
import '../shared/styles.css';

installBrowserMessages();
const services = browserServices({ closeAfterOpeningManager: true });
render(
  <ServicesProvider services={services}>
    <PopupApp />
  </ServicesProvider>,
  document.getElementById('app')!,
);
// Read by `npm run bench` (first-render budget, DESIGN §6).
performance.mark('backstop:first-render');
