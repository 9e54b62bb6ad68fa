// /dashboard: the task catalog (GET /tasks): each task's name, description, timeout, concurrency, queue, retries and
// schedules.

import { call, routes } from '../api.js';
import { h, link, replace } from '../dom.js';
import { concurrency, dateTime, duration } from '../format.js';
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

/** The timeout, concurrency, queue, retry policy and schedules of a task, as a definition list. */
export function taskFacts(task) {
  const retry = task.retry
    ? `${task.retry.maxAttempts} attempts, first retry after ${duration(task.retry.firstDelayMs)}`
    : 'none';
  return h('dl', { class: 'facts' },
    h('div', null, h('dt', null, 'Timeout'), h('dd', null, `${duration(task.timeoutMs)} (${task.timeoutMs} ms)`)),
    h('div', null, h('dt', null, 'Concurrency'), h('dd', null, concurrency(task.concurrencyLimit))),
    task.queueCapacity ? h('div', null, h('dt', null, 'Queue'), h('dd', null, `up to ${task.queueCapacity} waiting`)) : null,
    h('div', null, h('dt', null, 'Retries'), h('dd', null, retry)),
    task.schedules?.length
      ? h('div', null, h('dt', null, 'Schedules'), task.schedules.map(s => h('dd', { class: 'schedule', 'data-schedule': s.name },
        `${s.name}: ${s.cron} (${s.timeZone})${s.nextAt ? `, next ${dateTime(s.nextAt)}` : ''}`)))
      : null);
}
