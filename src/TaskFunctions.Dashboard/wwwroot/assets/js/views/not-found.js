// Any other /dashboard/... path.

import { h, link } from '../dom.js';

export function renderNotFound(main) {
  document.title = 'Not found · TaskFunctions';
  main.append(
    h('h1', null, 'Nothing here'),
    h('p', null, 'The dashboard has no page at ', h('code', null, location.pathname), '.'),
    h('p', null, link('/dashboard', 'See the tasks')));
}
