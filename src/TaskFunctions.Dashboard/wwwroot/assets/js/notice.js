// The strip under the header where results and errors of actions are announced (a polite live region).

import { h, replace } from './dom.js';

const area = () => document.getElementById('notice');

/** Shows a message: kind is 'ok', 'error' or 'info'. */
export function notify(kind, ...content) {
  const element = area();
  if (!element) return;
  replace(element, h('p', { class: `notice notice-${kind}` }, ...content,
    h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => replace(element) }, '×')));
}

/** Clears the message. */
export function clearNotice() {
  const element = area();
  if (element) replace(element);
}
