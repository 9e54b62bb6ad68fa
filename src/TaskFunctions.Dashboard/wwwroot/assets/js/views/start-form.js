// The form that starts a task by hand (POST /tasks/{taskName}/execute/manual): params as a JSON object and an
// optional shorter timeout, both checked before anything is sent; the service's problem details shown as they
// come; on success, the new execution's page.

import { call, routes } from '../api.js';
import { h, replace } from '../dom.js';
import { problemView } from '../problem.js';
import { executionPath, navigate } from '../router.js';

/** Reads the params text: the object, or why it is not one. */
export function parseParams(text) {
  if (text.trim() === '') return { value: undefined };
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `Params are not valid JSON: ${error.message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: 'Params must be a JSON object, such as { "durationMs": 4000 }.' };
  }
  return { value };
}

/** Reads the timeout field: a whole number from 1 to the task's timeout, or empty. */
export function parseTimeout(text, maxMs) {
  if (text.trim() === '') return { value: undefined };
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > maxMs) {
    return { error: `The timeout must be a whole number of milliseconds from 1 to ${maxMs}.` };
  }
  return { value };
}

export function startForm(task, signal) {
  const paramsError = h('p', { id: 'params-error', class: 'field-error', role: 'alert', hidden: true });
  const timeoutError = h('p', { id: 'timeout-error', class: 'field-error', role: 'alert', hidden: true });
  const result = h('div', { id: 'start-result', 'aria-live': 'polite' });
  const params = h('textarea', {
    id: 'params', name: 'params', rows: 6, spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': 'params-hint params-error', value: '{}',
  });
  const timeout = h('input', {
    id: 'timeout', name: 'timeoutMs', type: 'number', inputmode: 'numeric', min: 1, max: task.timeoutMs, step: 1,
    'aria-describedby': 'timeout-hint timeout-error', placeholder: String(task.timeoutMs),
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Start');

  const show = (element, input, message) => {
    element.hidden = !message;
    replace(element, message ?? '');
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };

  const form = h('form', { class: 'start-form', novalidate: true, 'aria-labelledby': 'start-title' },
    h('h2', { id: 'start-title' }, `Start ${task.name}`),
    h('label', { for: 'params' }, 'Params (a JSON object)'),
    params,
    h('p', { id: 'params-hint', class: 'hint' }, 'Sent as "params"; the task reads them. Leave {} for its defaults.'),
    paramsError,
    h('label', { for: 'timeout' }, 'Timeout in ms (optional, at most the task\'s)'),
    timeout,
    h('p', { id: 'timeout-hint', class: 'hint' }, `Empty: the task's own, ${task.timeoutMs} ms.`),
    timeoutError,
    h('div', { class: 'actions' }, submit),
    result);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(result);
    const parsedParams = parseParams(params.value);
    const parsedTimeout = parseTimeout(timeout.value, task.timeoutMs);
    show(paramsError, params, parsedParams.error);
    show(timeoutError, timeout, parsedTimeout.error);
    if (parsedParams.error || parsedTimeout.error) {
      (parsedParams.error ? params : timeout).focus();
      return;
    }

    submit.disabled = true;
    submit.textContent = 'Starting…';
    try {
      const body = {};
      if (parsedParams.value !== undefined) body.params = parsedParams.value;
      if (parsedTimeout.value !== undefined) body.timeoutMs = parsedTimeout.value;
      const { body: started } = await call('POST', routes.start(task.name), { body, signal });
      navigate(executionPath(started.executionId));
    } catch (error) {
      if (error?.name === 'AbortError') return;
      replace(result, problemView(error, { id: 'start-problem' }));
    } finally {
      submit.disabled = false;
      submit.textContent = 'Start';
    }
  });

  return form;
}
