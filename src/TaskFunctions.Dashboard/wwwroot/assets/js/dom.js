// Builds elements from data without ever parsing it as HTML: text goes in as text nodes, attributes through
// setAttribute. No module of the page turns a string into markup.

/**
 * Creates an element.
 * @param {string} tag the element name
 * @param {object} [props] attributes; `class`, `text` (textContent), `on<event>` (listeners), `value`, `checked`
 * @param {...any} children nodes, strings (as text) or arrays of them; null and false are skipped
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = String(value);
    else if (name === 'value' || name === 'checked' || name === 'disabled') element[name] = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends nodes and strings (as text) to an element. */
export function append(element, children) {
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Replaces an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/** A link inside the page (handled by the router). */
export function link(href, text, props = {}) {
  return h('a', { ...props, href }, text);
}

/** Waits, unless the signal aborts first. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
