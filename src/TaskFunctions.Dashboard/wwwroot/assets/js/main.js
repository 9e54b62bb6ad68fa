// The dashboard's entry point: the header's buttons, the key prompt, and the view of the current location.

import { ApiError, call, routes } from './api.js';
import { confirmAction, askForKey } from './dialogs.js';
import { replace } from './dom.js';
import { getKey, keyLabel } from './key.js';
import { clearNotice, notify } from './notice.js';
import { problemView } from './problem.js';
import { match, start } from './router.js';
import { renderCatalog } from './views/catalog.js';
import { renderExecution } from './views/execution.js';
import { renderNotFound } from './views/not-found.js';
import { renderTask } from './views/task.js';

const views = { catalog: renderCatalog, task: renderTask, execution: renderExecution, notFound: renderNotFound };

let current = null;
let rendered = 0;

/** Shows the view of the current location, stopping the previous one's timers and calls. */
function render({ keepNotice = false } = {}) {
  current?.abort();
  current = new AbortController();
  if (!keepNotice) clearNotice();
  const main = document.getElementById('view');
  replace(main);
  const { view, param } = match(location.pathname);
  views[view](main, param, current.signal);
  // After a navigation, move focus to the new view's heading (each view writes it at once), so keyboard and screen
  // reader users start there; the first view of a load leaves focus where the browser put it.
  const heading = main.querySelector('h1');
  if (heading && rendered++ > 0) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

function updateKeyButton() {
  const button = document.getElementById('key-button');
  button.textContent = getKey() ? `${keyLabel}: set` : keyLabel;
}

document.getElementById('key-button').addEventListener('click', async () => {
  if (await askForKey()) render();
});

document.addEventListener('taskfunctions:key', updateKeyButton);

// A call answered 401: ask for the key once, then show the view again with it.
document.addEventListener('taskfunctions:unauthorized', async () => {
  const reason = getKey()
    ? `The host refused the ${keyLabel} this tab has. Enter the right one.`
    : `This host requires its ${keyLabel} on every call.`;
  if (await askForKey(reason)) render();
});

document.getElementById('cancel-all-button').addEventListener('click', async () => {
  const confirmed = await confirmAction({
    title: 'Cancel every running execution?',
    message: 'Every execution of every task that is running now is cancelled. This cannot be undone.',
    confirm: 'Cancel all',
  });
  if (!confirmed) return;
  try {
    const { body } = await call('DELETE', routes.cancelAll());
    notify('ok', `Cancelled ${body.count} running execution${body.count === 1 ? '' : 's'}.`);
  } catch (error) {
    notify('error', problemView(error));
  }
});

window.addEventListener('unhandledrejection', (event) => {
  if (event.reason instanceof ApiError || event.reason?.name === 'AbortError') event.preventDefault();
});

updateKeyButton();
start(() => render());
