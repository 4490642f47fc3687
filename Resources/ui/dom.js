// Small DOM helpers. Text always goes in as text nodes: nothing here parses HTML.

/**
 * Creates an element: `h('button', {class: 'x', onclick: fn, 'aria-label': 'y'}, 'text', child)`.
 * Attributes starting with `on` are listeners; `false`/`null` attributes and children are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name in element && typeof value !== 'string') element[name] = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

/** Appends children (nodes, strings, arrays of them); skips null/false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces an element's children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** `1795730000123` → local date and time. */
export function formatTime(ms) {
  return ms ? new Date(ms).toLocaleString() : '';
}

/** Bytes in a human unit. */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = -1;
  do { value /= 1024; unit += 1; } while (value >= 1024 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** An error as one line for the user: the ProblemDetails detail and code when there is one. */
export function describeError(error) {
  if (error?.code) return `${error.message} (${error.code})`;
  return error?.message || String(error);
}

/** A status line with `role="status"` (announced politely); `show(text, isError)` updates it. */
export function statusLine() {
  const element = h('p', { class: 'status-line', role: 'status' });
  element.show = (text, isError = false) => {
    element.textContent = text || '';
    element.classList.toggle('error', Boolean(isError));
  };
  return element;
}

/** Runs `action` on click with the button disabled meanwhile; errors go to `status`. */
export function actionButton(label, action, { status, attributes = {} } = {}) {
  const button = h('button', { type: 'button', ...attributes }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      status?.show('');
      await action();
    } catch (error) {
      if (status) status.show(describeError(error), true);
      else console.warn(error);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** Indented JSON for reading. */
export function prettyJSON(value) {
  return JSON.stringify(value, null, 2);
}

/** Saves a Blob as a download named `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
