// The event inspector: every raw SessionEvent of the session in a virtualized list (only the
// rows in view exist in the page), filtered by sender and method, with the selected event as
// JSON. Arrow keys, Home and End move through the list.

import { h, replace, prettyJSON, formatTime } from '../dom.js';
import { eventLabel, eventMethod } from '../transcript.js';

const rowHeight = 28;

export function mountEventInspector(body, feed) {
  const sender = h('select', { id: 'filter-sender' },
    ['all', 'client', 'agent', 'server'].map((value) => h('option', { value }, value === 'all' ? 'All senders' : value)));
  const method = h('input', { id: 'filter-method', list: 'event-methods', placeholder: 'any method', autocomplete: 'off' });
  const methods = h('datalist', { id: 'event-methods' });
  const count = h('span', { class: 'muted', role: 'status' });
  const spacer = h('div', { class: 'event-spacer' });
  const viewport = h('div', {
    class: 'event-list', role: 'listbox', tabindex: '0', 'aria-label': 'Events', 'aria-activedescendant': false,
  }, spacer);
  const detail = h('pre', { class: 'json event-json', tabindex: '0', 'aria-label': 'Selected event as JSON' }, 'Select an event.');
  body.append(
    h('div', { class: 'filters' },
      h('label', { for: 'filter-sender' }, 'Sender'), sender,
      h('label', { for: 'filter-method' }, 'Method'), method, methods, count),
    h('div', { class: 'inspector' }, viewport, detail));

  let shown = [];
  let selected = -1;
  const seenMethods = new Set();

  function matches(event) {
    if (sender.value !== 'all' && event.sender !== sender.value) return false;
    const wanted = method.value.trim();
    return !wanted || eventMethod(event).includes(wanted);
  }

  function refilter() {
    shown = feed.events.filter(matches);
    selected = -1;
    for (const row of rows.values()) row.remove();
    rows = new Map();
    draw();
  }

  function noteMethods(events) {
    let added = false;
    for (const event of events) {
      const name = eventMethod(event);
      if (!seenMethods.has(name)) { seenMethods.add(name); added = true; }
    }
    if (added) replace(methods, [...seenMethods].sort().map((name) => h('option', { value: name })));
  }

  // Rows in view, by position in `shown`; kept while they stay in view, so a click or a
  // focus never lands on a row that was just replaced.
  let rows = new Map();

  function draw() {
    spacer.style.height = `${shown.length * rowHeight}px`;
    const first = Math.max(0, Math.floor(viewport.scrollTop / rowHeight) - 5);
    const last = Math.min(shown.length, first + Math.ceil(viewport.clientHeight / rowHeight) + 10);
    const next = new Map();
    for (let index = first; index < last; index += 1) {
      const event = shown[index];
      let row = rows.get(index);
      if (!row || row.event !== event) {
        row = h('div', { class: `event-row sender-${event.sender}`, role: 'option', id: `event-${event.eventIndex}`, dataset: { position: index } },
          h('span', { class: 'event-index' }, event.eventIndex),
          h('span', { class: 'event-sender' }, event.sender),
          h('span', { class: 'event-method' }, eventLabel(event)),
          h('span', { class: 'event-time' }, new Date(event.createdAt).toLocaleTimeString()));
        row.event = event;
        // Through the CSSOM: the page's CSP refuses style attributes.
        row.style.top = `${index * rowHeight}px`;
        spacer.append(row);
      }
      row.setAttribute('aria-selected', index === selected ? 'true' : 'false');
      next.set(index, row);
    }
    for (const [index, row] of rows) if (next.get(index) !== row) row.remove();
    rows = next;
    count.textContent = `${shown.length} of ${feed.events.length} events`;
  }

  function select(index) {
    if (index < 0 || index >= shown.length) return;
    selected = index;
    const event = shown[index];
    viewport.setAttribute('aria-activedescendant', `event-${event.eventIndex}`);
    detail.textContent = `${formatTime(event.createdAt)}\n${prettyJSON(event)}`;
    const top = index * rowHeight;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + rowHeight > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + rowHeight - viewport.clientHeight;
    draw();
  }

  // One listener for all rows: rows are redrawn as the list scrolls and grows.
  viewport.addEventListener('click', (event) => {
    const row = event.target.closest('.event-row');
    if (row) select(Number(row.dataset.position));
  });
  viewport.addEventListener('scroll', () => requestAnimationFrame(draw));
  viewport.addEventListener('keydown', (event) => {
    const page = Math.max(1, Math.floor(viewport.clientHeight / rowHeight) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in moves) select(Math.min(shown.length - 1, Math.max(0, selected + moves[event.key])));
    else if (event.key === 'Home') select(0);
    else if (event.key === 'End') select(shown.length - 1);
    else return;
    event.preventDefault();
  });
  sender.addEventListener('change', refilter);
  method.addEventListener('input', refilter);

  const unsubscribe = feed.subscribe((_, added) => {
    if (!added) return;
    const fresh = feed.events.slice(feed.events.length - added);
    noteMethods(fresh);
    const atEnd = viewport.scrollTop + viewport.clientHeight >= spacer.offsetHeight - rowHeight;
    for (const event of fresh) if (matches(event)) shown.push(event);
    draw();
    if (atEnd) viewport.scrollTop = spacer.offsetHeight;
  });
  noteMethods(feed.events);
  refilter();
  return unsubscribe;
}
