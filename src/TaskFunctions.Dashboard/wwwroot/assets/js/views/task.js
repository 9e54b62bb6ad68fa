// /dashboard/tasks/{taskName}: the task, the form that starts it, and its executions newest first
// (GET /tasks/running/{taskName}) with a status filter and pages, read again every few seconds; cancel the
// task's running executions behind a confirmation.

import { call, nextPage, routes } from '../api.js';
import { confirmAction } from '../dialogs.js';
import { h, link, replace, sleep } from '../dom.js';
import { duration, elapsed, statusBadge, timeElement } from '../format.js';
import { notify } from '../notice.js';
import { problemView } from '../problem.js';
import { executionPath, taskPath } from '../router.js';
import { taskFacts } from './catalog.js';
import { startForm } from './start-form.js';

const refreshInterval = 3000;
const pageSize = 20;
const statuses = ['running', 'completed', 'failed', 'cancelled'];

export async function renderTask(main, taskName, signal) {
  document.title = `${taskName} · TaskFunctions`;
  const top = h('div', { 'aria-busy': 'true' }, h('p', null, 'Loading the task…'));
  main.append(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, link('/dashboard', 'Tasks'), ' › ', h('span', null, taskName)),
    h('h1', null, taskName),
    top);

  let task;
  try {
    const { body: tasks } = await call('GET', routes.tasks(), { signal });
    task = tasks.find((t) => t.name === taskName);
  } catch (error) {
    if (error?.name !== 'AbortError') replace(top, problemView(error));
    return;
  } finally {
    top.removeAttribute('aria-busy');
  }
  if (!task) {
    replace(top, h('p', { role: 'alert' }, 'This host has no task named ', h('code', null, taskName), '. ', link('/dashboard', 'See the tasks'), '.'));
    return;
  }

  replace(top,
    task.description ? h('p', { class: 'description' }, task.description) : null,
    taskFacts(task),
    startForm(task, signal),
    executionsSection(task, signal));
}

function executionsSection(task, signal) {
  const query = new URLSearchParams(location.search);
  const initial = statuses.includes(query.get('status')) ? query.get('status') : '';
  const asked = Number(query.get('limit'));
  const limit = Number.isInteger(asked) && asked >= 1 && asked <= 100 ? asked : pageSize;
  const pages = [routes.executions(task.name, { status: initial, limit })];
  const address = (status) => {
    const kept = new URLSearchParams();
    if (status) kept.set('status', status);
    if (limit !== pageSize) kept.set('limit', String(limit));
    return taskPath(task.name) + (kept.size ? `?${kept}` : '');
  };

  const list = h('ol', { id: 'executions', class: 'runs', 'aria-label': `Executions of ${task.name}, newest first` });
  const empty = h('p', { class: 'hint', hidden: true });
  const problem = h('div');
  const updated = h('p', { class: 'hint live', 'aria-live': 'off' });
  const previous = h('button', { type: 'button', disabled: true }, '← Newer');
  const next = h('button', { type: 'button', disabled: true }, 'Older →');
  const pageLabel = h('span', { class: 'hint' }, 'Page 1');

  const filter = h('select', { id: 'status-filter', name: 'status' },
    h('option', { value: '' }, 'All'),
    statuses.map((s) => h('option', { value: s }, s)));
  filter.value = initial;
  // The filter (and a page size other than 20) is kept in the address (?status=running&limit=50), so a list can be
  // shared; it applies in place.
  filter.addEventListener('change', () => {
    history.replaceState(null, '', address(filter.value));
    pages.splice(0, pages.length, routes.executions(task.name, { status: filter.value, limit }));
    list.replaceChildren();
    refreshNow();
  });

  const cancelTask = h('button', { type: 'button', class: 'danger' }, `Cancel running ${task.name}…`);
  cancelTask.addEventListener('click', async () => {
    const confirmed = await confirmAction({
      title: `Cancel every running execution of ${task.name}?`,
      message: 'Each running execution of this task is cancelled and logs 任务已取消. Finished ones keep their outcome.',
      confirm: `Cancel ${task.name}`,
    });
    if (!confirmed) return;
    try {
      const { body } = await call('DELETE', routes.cancelByTaskNames(), { body: { taskNames: [task.name] } });
      const n = body.cancelled.length;
      notify('ok', `Cancelled ${n} running execution${n === 1 ? '' : 's'} of ${task.name}.`);
      refreshNow();
    } catch (error) {
      notify('error', problemView(error));
    }
  });

  let wake = () => {};
  const refreshNow = () => wake();

  const load = async () => {
    const url = pages[pages.length - 1];
    try {
      const { body, headers } = await call('GET', url, { signal });
      if (url !== pages[pages.length - 1]) return; // the filter or page changed meanwhile
      problem.replaceChildren();
      renderRuns(list, body);
      empty.hidden = body.length > 0;
      empty.textContent = filter.value ? `No ${filter.value} executions on this page.` : 'No executions yet.';
      const following = nextPage(url, headers);
      next.disabled = !following;
      next.dataset.url = following ?? '';
      previous.disabled = pages.length === 1;
      pageLabel.textContent = `Page ${pages.length}`;
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshed every ${refreshInterval / 1000} s.`;
    } catch (error) {
      if (error?.name === 'AbortError') return;
      replace(problem, problemView(error));
    }
  };

  next.addEventListener('click', () => {
    if (!next.dataset.url) return;
    pages.push(next.dataset.url);
    refreshNow();
  });
  previous.addEventListener('click', () => {
    if (pages.length > 1) pages.pop();
    refreshNow();
  });

  (async () => {
    while (!signal.aborted) {
      if (!document.hidden) await load();
      await new Promise((resolve) => {
        wake = resolve;
        sleep(refreshInterval, signal).then(resolve);
      });
    }
  })();

  return h('section', { class: 'executions', 'aria-labelledby': 'executions-title' },
    h('h2', { id: 'executions-title' }, 'Executions'),
    h('div', { class: 'toolbar' },
      h('label', { for: 'status-filter' }, 'Status '), filter,
      cancelTask),
    updated,
    problem,
    list,
    empty,
    h('div', { class: 'pager' }, previous, pageLabel, next));
}

/**
 * Brings the list up to date in place: rows keep their elements (and focus) when they are still there, new
 * ones are inserted where they belong, gone ones removed.
 */
function renderRuns(list, executions) {
  const existing = new Map([...list.children].map((row) => [row.dataset.executionId, row]));
  let position = 0;
  for (const execution of executions) {
    let row = existing.get(execution.executionId);
    if (row) {
      existing.delete(execution.executionId);
      updateRun(row, execution);
    } else {
      row = runRow(execution);
    }
    if (list.children[position] !== row) list.insertBefore(row, list.children[position] ?? null);
    position++;
  }
  for (const row of existing.values()) row.remove();
}

function runRow(execution) {
  const row = h('li', { class: 'run card', 'data-execution-id': execution.executionId },
    h('div', { class: 'run-head' },
      link(executionPath(execution.executionId), execution.executionId, { class: 'mono run-id' }),
      h('span', { class: 'run-status' })),
    h('p', { class: 'run-meta' }),
    h('p', { class: 'run-last' }));
  updateRun(row, execution);
  return row;
}

function updateRun(row, execution) {
  const key = JSON.stringify([execution.status, execution.finishedAt, execution.logCount]);
  const ticking = execution.status === 'running';
  if (row.dataset.key === key && !ticking) return;
  row.dataset.key = key;
  row.dataset.status = execution.status;
  replace(row.querySelector('.run-status'), statusBadge(execution.status));
  replace(row.querySelector('.run-meta'),
    execution.trigger, ' · started ', timeElement(execution.startedAt), ' · ',
    ticking ? 'running for ' : 'took ', duration(elapsed(execution)),
    ' · ', `${execution.logCount ?? execution.logs?.length ?? 0} log entries`);
  const last = execution.logs?.[execution.logs.length - 1];
  replace(row.querySelector('.run-last'), last ? [h('span', { class: `level level-${levelClass(last.level)}` }, last.level), ' ', last.message] : '');
}

function levelClass(level) {
  return ['debug', 'info', 'warn', 'error'].includes(level) ? level : 'info';
}
