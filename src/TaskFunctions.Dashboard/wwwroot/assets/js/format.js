// Times and durations as the page shows them, and the small elements that show them.

import { h } from './dom.js';

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** A timestamp in the browser's local time: 2025-11-25 19:05:00. */
export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The time of day with milliseconds, for log entries: 19:05:00.123. */
export function timeOfDay(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A duration: 850 ms, 4.2 s, 3 min 5 s, 2 h 4 min. */
export function duration(ms) {
  if (ms == null || !Number.isFinite(ms)) return '—';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** How long an execution ran, or has run so far. */
export function elapsed(execution, now = Date.now()) {
  const start = Date.parse(execution.startedAt);
  const end = execution.finishedAt ? Date.parse(execution.finishedAt) : now;
  return Number.isNaN(start) || Number.isNaN(end) ? null : end - start;
}

/** A <time> element, with the UTC timestamp as its machine value and tooltip. */
export function timeElement(iso, text = dateTime(iso)) {
  return iso ? h('time', { datetime: iso, title: iso }, text) : h('span', null, '—');
}

/** The status badge. */
export function statusBadge(status) {
  return h('span', { class: `badge status-${/^[a-z]+$/.test(status) ? status : 'unknown'}`, 'data-status': status }, status);
}

/** What a task's concurrency limit means. */
export function concurrency(limit) {
  if (limit == null) return 'no limit';
  return limit === 1 ? 'one at a time' : `up to ${limit} at once`;
}
