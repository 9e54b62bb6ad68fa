// Shows what the service answered when it refused something: the problem details as they came (title, status,
// detail, field errors, the executions that hold a task's slots), all as text.

import { h, link } from './dom.js';
import { keyLabel } from './key.js';

/** An element that describes an error from a call (an ApiError or anything else thrown). */
export function problemView(error, { id } = {}) {
  const problem = error?.problem ?? null;
  const status = error?.status;
  const title = problem?.title ?? (status === 0 ? 'The service did not answer' : status ? `Error ${status}` : 'Error');
  const detail = problem?.detail ?? error?.message ?? String(error);
  const children = [
    h('p', { class: 'problem-title' }, h('strong', null, title), status ? ` (${status})` : null),
    detail && detail !== title ? h('p', { class: 'problem-detail' }, detail) : null,
  ];

  if (problem?.errors && typeof problem.errors === 'object') {
    const items = [];
    for (const [field, messages] of Object.entries(problem.errors)) {
      for (const message of [messages].flat()) items.push(h('li', null, h('code', null, field), ': ', String(message)));
    }
    if (items.length) children.push(h('ul', { class: 'problem-errors' }, items));
  }

  if (Array.isArray(problem?.runningExecutionIds) && problem.runningExecutionIds.length) {
    children.push(h('p', null, 'Running now: ',
      problem.runningExecutionIds.map((executionId, i) => [i ? ', ' : null,
        link(`/dashboard/executions/${encodeURIComponent(executionId)}`, String(executionId), { class: 'mono' })])));
  }

  if (status === 401) children.push(h('p', null, `Enter it with the ${keyLabel} button above.`));
  return h('div', { class: 'problem', role: 'alert', id }, children);
}
