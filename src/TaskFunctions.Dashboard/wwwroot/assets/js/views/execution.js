// /dashboard/executions/{executionId}: one execution's status and timings, its whole log as it grows (level
// colours, data expandable), and a cancel button. Shareable: the address is the execution's.

import { call, routes } from '../api.js';
import { h, link, replace } from '../dom.js';
import { duration, elapsed, statusBadge, timeElement, timeOfDay } from '../format.js';
import { follow } from '../live.js';
import { notify } from '../notice.js';
import { problemView } from '../problem.js';
import { taskPath } from '../router.js';

const modes = {
  stream: 'live (event stream)',
  polling: 'live (polling every second)',
  done: 'final',
};

export function renderExecution(main, executionId, signal) {
  document.title = `Execution ${executionId} · TaskFunctions`;
  const crumbTask = h('span', null, '…');
  const status = h('span', { id: 'execution-status', 'aria-live': 'polite' }, statusBadge('…'));
  const fields = {
    task: h('dd', { id: 'execution-task' }, '…'),
    trigger: h('dd', { id: 'execution-trigger' }, '…'),
    started: h('dd', { id: 'execution-started' }, '…'),
    finished: h('dd', { id: 'execution-finished' }, '…'),
    duration: h('dd', { id: 'execution-duration' }, '…'),
    entries: h('dd', { id: 'execution-entries' }, '0'),
    mode: h('dd', { id: 'execution-mode' }, 'connecting…'),
  };
  const cancel = h('button', { type: 'button', id: 'cancel-execution', class: 'danger', disabled: true }, 'Cancel execution');
  const problem = h('div', { id: 'execution-problem' });
  const log = h('ol', { id: 'log', class: 'log', 'aria-label': 'Log entries, oldest first' });
  const follow_ = h('input', { type: 'checkbox', id: 'follow-log', checked: true });

  main.append(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, link('/dashboard', 'Tasks'), ' › ', crumbTask, ' › ', h('span', { class: 'mono' }, executionId)),
    h('h1', { class: 'execution-title' }, 'Execution ', status),
    h('p', { class: 'mono execution-id' }, executionId),
    h('dl', { class: 'facts' },
      fact('Task', fields.task), fact('Trigger', fields.trigger), fact('Started', fields.started),
      fact('Finished', fields.finished), fact('Duration', fields.duration), fact('Log entries', fields.entries),
      fact('Updates', fields.mode)),
    h('div', { class: 'actions' }, cancel),
    problem,
    h('section', { 'aria-labelledby': 'log-title' },
      h('div', { class: 'toolbar' },
        h('h2', { id: 'log-title' }, 'Log'),
        h('label', { class: 'check' }, follow_, ' Follow new entries')),
      log));

  let current = null;
  let entryCount = 0;

  const showTimes = () => {
    if (!current) return;
    replace(fields.finished, current.finishedAt ? timeElement(current.finishedAt) : '—');
    replace(fields.duration, duration(elapsed(current)), current.status === 'running' ? ' so far' : '');
  };
  const ticker = setInterval(showTimes, 1000);
  signal.addEventListener('abort', () => clearInterval(ticker), { once: true });

  const showStatus = (value) => {
    replace(status, statusBadge(value));
    cancel.disabled = value !== 'running';
  };

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      const { body } = await call('DELETE', routes.cancelByIds(), { body: { executionIds: [executionId] } });
      if (body.cancelled?.length) notify('ok', 'Cancelled. The execution reads cancelled and its log ends with 任务已取消.');
      else if (body.notRunning?.length) notify('info', 'It had already finished; it keeps its outcome.');
      else notify('error', 'The service does not know this execution.');
    } catch (error) {
      notify('error', problemView(error));
      cancel.disabled = current?.status !== 'running';
    }
  });

  follow(executionId, {
    snapshot(execution) {
      const first = current === null;
      current = { ...current, ...execution };
      if (first) {
        document.title = `${execution.taskName} ${executionId} · TaskFunctions`;
        replace(crumbTask, link(taskPath(execution.taskName), execution.taskName));
        replace(fields.task, link(taskPath(execution.taskName), execution.taskName));
        replace(fields.trigger, execution.trigger);
        replace(fields.started, timeElement(execution.startedAt));
      }
      problem.replaceChildren();
      showStatus(execution.status);
      fields.entries.textContent = String(Math.max(execution.logCount ?? 0, entryCount));
      showTimes();
    },
    entries(entries) {
      const nearBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 40;
      for (const entry of entries) log.append(entryRow(entry));
      entryCount = entries[entries.length - 1].seq;
      fields.entries.textContent = String(Math.max(current?.logCount ?? 0, entryCount));
      if (follow_.checked && nearBottom) log.lastElementChild?.scrollIntoView({ block: 'nearest' });
    },
    status(change) {
      current = { ...current, ...change };
      showStatus(change.status);
      showTimes();
    },
    mode(mode) {
      fields.mode.textContent = modes[mode] ?? mode;
    },
    error(error) {
      replace(problem, error?.status === 404
        ? h('div', { class: 'problem', role: 'alert' }, h('p', null, h('strong', null, 'No such execution. '), error.message))
        : problemView(error));
      if (error?.status === 404) fields.mode.textContent = 'not found';
    },
  }, signal);
}

function fact(term, definition) {
  return h('div', null, h('dt', null, term), definition);
}

/** One log entry: time, level, message as text, and its data folded (as JSON text). */
export function entryRow(entry) {
  const level = ['debug', 'info', 'warn', 'error'].includes(entry.level) ? entry.level : 'info';
  return h('li', { class: `entry entry-${level}`, 'data-seq': entry.seq, 'data-level': level },
    h('span', { class: 'seq', 'aria-hidden': 'true' }, `#${entry.seq}`),
    h('time', { datetime: entry.timestamp, title: entry.timestamp }, timeOfDay(entry.timestamp)),
    h('span', { class: `level level-${level}` }, String(entry.level)),
    h('span', { class: 'message' }, String(entry.message ?? '')),
    entry.data !== undefined && entry.data !== null
      ? h('details', { class: 'data' }, h('summary', null, 'data'), h('pre', null, JSON.stringify(entry.data, null, 2)))
      : null);
}
