// The service's HTTP API as the page calls it: JSON in and out, the key on every call, and RFC 9457 problem
// details turned into ApiError values that the views show as they came.

import { keyHeaders } from './key.js';

/** A call the service refused or could not answer: `status` 0 when it did not answer at all. */
export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/**
 * Calls the API.
 * @param {string} method GET, POST or DELETE
 * @param {string} path the path (and query), such as /tasks
 * @param {{ body?: any, signal?: AbortSignal }} [options] a body to send as JSON (a string is sent as it is)
 * @returns {Promise<{ status: number, headers: Headers, body: any }>}
 */
export async function call(method, path, { body, signal } = {}) {
  const headers = { Accept: 'application/json', ...keyHeaders() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal,
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError(0, null, `The service did not answer (${error?.message ?? error}).`);
  }

  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }

  if (!response.ok) {
    const problem = json && typeof json === 'object' && !Array.isArray(json) ? json : null;
    const message = problem?.detail || problem?.title || `${response.status} ${response.statusText}`.trim();
    if (response.status === 401) document.dispatchEvent(new CustomEvent('taskfunctions:unauthorized'));
    throw new ApiError(response.status, problem, message);
  }

  return { status: response.status, headers: response.headers, body: json };
}

const segment = encodeURIComponent;

/** The routes of the API. */
export const routes = {
  tasks: () => '/tasks',
  start: (taskName) => `/tasks/${segment(taskName)}/execute/manual`,
  execution: (executionId, after = 0) =>
    `/tasks/running/execution/${segment(executionId)}${after > 0 ? `?after=${after}` : ''}`,
  events: (executionId) => `/tasks/running/execution/${segment(executionId)}/events`,
  executions: (taskName, { status, limit } = {}) => {
    const query = new URLSearchParams();
    if (status) query.set('status', status);
    if (limit) query.set('limit', String(limit));
    const text = query.toString();
    return `/tasks/running/${segment(taskName)}${text ? `?${text}` : ''}`;
  },
  cancelByIds: () => '/tasks/executions/cancel/by-ids',
  cancelByTaskNames: () => '/tasks/executions/cancel/by-task-names',
  cancelAll: () => '/tasks/executions/cancel/all',
};

/**
 * The URL of the next page of a list: the Link header's rel="next" target (same path and filters), or the
 * continuation token added to the current URL. Null on the last page.
 */
export function nextPage(currentUrl, headers) {
  const link = headers.get('Link');
  if (link) {
    for (const part of link.split(',')) {
      const match = /<([^>]*)>\s*;(.*)/.exec(part.trim());
      if (match && /\brel="?next"?/i.test(match[2])) {
        const target = new URL(match[1], location.origin);
        if (target.origin === location.origin) return target.pathname + target.search;
      }
    }
  }

  const token = headers.get('x-ms-continuation-token');
  if (!token) return null;
  const url = new URL(currentUrl, location.origin);
  url.searchParams.set('continuationToken', token);
  return url.pathname + url.search;
}
