// Modal dialogs on <dialog>: the browser keeps focus inside and Escape closes them.

import { h } from './dom.js';
import { getKey, keyHeader, keyLabel, setKey } from './key.js';

/**
 * Asks to confirm an action. Resolves true only when the confirm button was chosen.
 * @param {{ title: string, message: string, confirm: string }} text
 */
export function confirmAction({ title, message, confirm }) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'confirm-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'confirm-title' }, title),
        h('p', null, message),
        // Enter and Escape keep things as they are: the first submit button is the safe one.
        h('div', { class: 'actions' },
          h('button', { type: 'submit', value: 'cancel', autofocus: true }, 'Keep running'),
          h('button', { type: 'submit', value: 'confirm', class: 'danger' }, confirm))));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

let keyDialogOpen = false;

/** Lets the user enter the key (or forget it). Resolves true when a key was saved. */
export function askForKey(reason) {
  if (keyDialogOpen) return Promise.resolve(false);
  keyDialogOpen = true;
  return new Promise((resolve) => {
    const input = h('input', { id: 'key-input', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'key-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'key-title' }, keyLabel),
        reason ? h('p', { class: 'problem-detail' }, reason) : null,
        h('label', { for: 'key-input' }, `${keyLabel} (sent as the ${keyHeader} header)`),
        input,
        h('p', { class: 'hint' }, 'Kept in this browser tab until it closes (sessionStorage), sent only to this host.'),
        // The first submit button is the one Enter presses.
        h('div', { class: 'actions' },
          h('button', { type: 'submit', value: 'save', class: 'primary' }, 'Use key'),
          getKey() ? h('button', { type: 'submit', value: 'forget', formnovalidate: true }, 'Forget key') : null,
          h('button', { type: 'submit', value: 'close', formnovalidate: true }, 'Close'))));
    dialog.addEventListener('close', () => {
      keyDialogOpen = false;
      dialog.remove();
      if (dialog.returnValue === 'save' && input.value) {
        setKey(input.value);
        resolve(true);
      } else {
        if (dialog.returnValue === 'forget') setKey(null);
        resolve(false);
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}
