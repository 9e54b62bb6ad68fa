// /dashboard: the task catalog (GET /tasks): each task's name, description, timeout, concurrency and retries.

import { call, routes } from '../api.js';
import { h, link, replace } from '../dom.js';
import { concurrency, duration } from '../format.js';
import { problemView } from '../problem.js';
import { taskPath } from '../router.js';

export async function renderCatalog(main, _param, signal) {
  document.title = 'Tasks · TaskFunctions';
  const body = h('div', { 'aria-busy': 'true' }, h('p', null, 'Loading the catalog…'));
  main.append(h('h1', null, 'Tasks'), body);
  try {
    const { body: tasks } = await call('GET', routes.tasks(), { signal });
    replace(body, tasks.length
      ? h('ul', { class: 'cards', 'aria-label': 'Tasks' }, tasks.map(taskCard))
      : h('p', null, 'This host has no tasks.'));
  } catch (error) {
    if (error?.name === 'AbortError') return;
    replace(body, problemView(error));
  } finally {
    body.removeAttribute('aria-busy');
  }
}

/** One task of the catalog. */
export function taskCard(task) {
  return h('li', { class: 'card task-card', 'data-task': task.name },
    h('h2', null, link(taskPath(task.name), task.name)),
    task.description ? h('p', { class: 'description' }, task.description) : null,
    taskFacts(task),
    h('p', null, link(taskPath(task.name), `Start or see executions of ${task.name}`, { class: 'button' })));
}

/** The timeout, concurrency and retry policy of a task, as a definition list. */
export function taskFacts(task) {
  const retry = task.retry
    ? `${task.retry.maxAttempts} attempts, first retry after ${duration(task.retry.firstDelayMs)}`
    : 'none';
  return h('dl', { class: 'facts' },
    h('div', null, h('dt', null, 'Timeout'), h('dd', null, `${duration(task.timeoutMs)} (${task.timeoutMs} ms)`)),
    h('div', null, h('dt', null, 'Concurrency'), h('dd', null, concurrency(task.concurrencyLimit))),
    h('div', null, h('dt', null, 'Retries'), h('dd', null, retry)));
}
