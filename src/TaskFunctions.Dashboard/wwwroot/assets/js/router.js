// Client-side routing: every /dashboard/... path is served the same page, and this module decides which view
// it shows. Links inside the page change the URL with the History API; Back and Forward work as usual.

const base = '/dashboard';

const patterns = [
  { view: 'catalog', pattern: /^\/?$/ },
  { view: 'task', pattern: /^\/tasks\/([^/]+)\/?$/ },
  { view: 'execution', pattern: /^\/executions\/([^/]+)\/?$/ },
];

/** Which view a location shows, with its decoded parameter. */
export function match(pathname) {
  if (pathname !== base && !pathname.startsWith(`${base}/`)) return { view: 'notFound' };
  const rest = pathname.slice(base.length);
  for (const { view, pattern } of patterns) {
    const m = pattern.exec(rest);
    if (m) {
      try {
        return { view, param: m[1] === undefined ? undefined : decodeURIComponent(m[1]) };
      } catch {
        return { view: 'notFound' };
      }
    }
  }
  return { view: 'notFound' };
}

/** The page's path of a task. */
export const taskPath = (taskName) => `${base}/tasks/${encodeURIComponent(taskName)}`;

/** The page's path of an execution. */
export const executionPath = (executionId) => `${base}/executions/${encodeURIComponent(executionId)}`;

let onChange = () => {};

/** Goes to a path of the page (adding it to the history unless replace is set). */
export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  onChange();
}

/** Starts routing: calls render on load, on every navigation and on Back/Forward. */
export function start(render) {
  onChange = render;
  window.addEventListener('popstate', () => render());
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || (url.pathname !== base && !url.pathname.startsWith(`${base}/`))) return;
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  render();
}
