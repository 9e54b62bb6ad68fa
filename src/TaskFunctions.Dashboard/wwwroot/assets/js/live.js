// Follows one execution until its status is final and its log complete: over the server's event stream
// (GET /tasks/running/execution/{id}/events, Server-Sent Events) when the host offers it, else by polling
// GET /tasks/running/execution/{id}?after=<last seq> every second, as the specification's client does.
//
// The stream is read with fetch rather than EventSource, because EventSource cannot send the key header that a
// keyed host requires; it resumes with Last-Event-ID (the last seq) after a break, and the page keeps only
// entries with a seq beyond the last it has, so nothing shows twice.

import { ApiError, call, routes } from './api.js';
import { sleep } from './dom.js';
import { keyHeaders } from './key.js';

const pollInterval = 1000;
const firstEventTimeout = 5000;
const silenceTimeout = 30_000;
const streamRetries = 3;

/** The stream is not offered (or not to this client): poll instead. */
class StreamUnavailable extends Error {}

/**
 * Follows an execution.
 * @param {string} executionId
 * @param {object} on callbacks: snapshot(execution) with the whole answer (status, timings, logCount),
 *   entries(list) with new entries in seq order, status({ status, finishedAt }), mode('stream'|'polling'|'done'),
 *   error(ApiError) for a failed call (polling goes on unless it is a 401 or 404)
 * @param {AbortSignal} signal stops following
 */
export async function follow(executionId, on, signal) {
  const state = { lastSeq: 0, final: false };

  const takeEntries = (entries) => {
    const fresh = (entries ?? []).filter((e) => typeof e?.seq === 'number' && e.seq > state.lastSeq)
      .sort((a, b) => a.seq - b.seq);
    if (fresh.length) {
      state.lastSeq = fresh[fresh.length - 1].seq;
      on.entries(fresh);
    }
  };
  const takeSnapshot = (execution) => {
    on.snapshot(execution);
    takeEntries(execution.logs);
    state.final = execution.status !== 'running';
    state.logCount = execution.logCount ?? state.lastSeq;
  };

  let streamed = false;
  for (let attempt = 0; attempt <= streamRetries && !signal.aborted; attempt++) {
    try {
      on.mode('stream');
      await readStream(executionId, state, { takeSnapshot, takeEntries, status: (s) => {
        state.final = s.status !== 'running';
        on.status(s);
      } }, signal, () => { streamed = true; });
      if (state.final) break;
    } catch (error) {
      if (error?.name === 'AbortError' && signal.aborted) return;
      if (error instanceof StreamUnavailable && !streamed) break;
    }
    await sleep(pollInterval, signal);
  }

  // Poll: to follow the execution when there is no stream, and once after a stream to be sure the log is whole.
  if (!state.final || !streamed) on.mode('polling');
  while (!signal.aborted) {
    try {
      const { body } = await call('GET', routes.execution(executionId, state.lastSeq), { signal });
      takeSnapshot(body);
      if (state.final && state.lastSeq >= (body.logCount ?? 0)) break;
    } catch (error) {
      if (error?.name === 'AbortError') return;
      on.error(error);
      if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return;
    }
    await sleep(pollInterval, signal);
  }

  if (!signal.aborted) on.mode('done');
}

async function readStream(executionId, state, handle, signal, opened) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal.addEventListener('abort', abort, { once: true });
  let timer = setTimeout(abort, firstEventTimeout);
  const headers = { Accept: 'text/event-stream', ...keyHeaders() };
  if (state.lastSeq > 0) headers['Last-Event-ID'] = String(state.lastSeq);
  try {
    let response;
    try {
      response = await fetch(routes.events(executionId), { headers, signal: controller.signal, cache: 'no-store' });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new StreamUnavailable(String(error));
    }

    const type = response.headers.get('Content-Type') ?? '';
    if (!response.ok || !type.startsWith('text/event-stream') || !response.body) {
      response.body?.cancel().catch(() => {});
      throw new StreamUnavailable(`${response.status}`);
    }

    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = { type: 'message', data: [] };
    let first = true;
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal.aborted) throw error;
        if (first) throw new StreamUnavailable(String(error));
        return;
      }
      if (chunk.done) return;
      clearTimeout(timer);
      timer = setTimeout(abort, silenceTimeout);
      buffer += chunk.value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === '') {
          if (event.data.length) {
            if (first) {
              first = false;
              opened();
            }
            dispatch(event.type, event.data.join('\n'), handle);
          }
          event = { type: 'message', data: [] };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') event.type = value;
        else if (field === 'data') event.data.push(value);
      }
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
    controller.abort();
  }
}

function dispatch(type, data, handle) {
  let value;
  try {
    value = JSON.parse(data);
  } catch {
    return;
  }
  if (type === 'execution') handle.takeSnapshot(value);
  else if (type === 'log') handle.takeEntries([value]);
  else if (type === 'status') handle.status(value);
}
