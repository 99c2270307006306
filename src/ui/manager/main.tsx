import { render } from 'preact';
import { browserServices, installBrowserMessages } from '../shared/platformServices';
import { ServicesProvider } from '../shared/services';
import '../shared/styles.css';
import { ManagerApp } from './ManagerApp';

installBrowserMessages();
const services = browserServices({ closeAfterOpeningManager: false });
render(
  <ServicesProvider services={services}>
    <ManagerApp />
  </ServicesProvider>,
  document.getElementById('app')!,
);
// Read by `npm run bench` (first-render budget, DESIGN §6).
performance.mark('backstop:first-render');
