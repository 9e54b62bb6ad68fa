// The key the page sends on every API call: entered once, kept in sessionStorage (this tab, until it closes).
// Which header carries it and what it is called come from index.html, which each host writes.

const storageKey = 'taskfunctions.key';

// Where the key lives when sessionStorage is off.
let memory = null;

function meta(name, fallback) {
  return document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') || fallback;
}

/** The header the host reads the key from (x-api-key on the local host, x-functions-key in Azure). */
export const keyHeader = meta('taskfunctions-key-header', 'x-api-key');

/** What the host calls its key. */
export const keyLabel = meta('taskfunctions-key-label', 'API key');

/** The key, or null. */
export function getKey() {
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

/** Keeps a key for this browser session, or forgets it (empty or null). */
export function setKey(value) {
  try {
    if (value) sessionStorage.setItem(storageKey, value);
    else sessionStorage.removeItem(storageKey);
  } catch {
    // Storage may be off (private modes): the key then lasts until the page is left.
  }
  memory = value || null;
  document.dispatchEvent(new CustomEvent('taskfunctions:key'));
}


/** The headers that carry the key, if there is one. */
export function keyHeaders() {
  const key = getKey() ?? memory;
  return key ? { [keyHeader]: key } : {};
}
