// The layout of Sessions and Processes: a list in a sidebar, refreshed every 2 s and redrawn only
// when it changed, beside the content (the item opened, or the form that makes a new one).

import { h, replace, statusLine, describeError } from '../dom.js';

const refreshMs = 2000;

/**
 * `options`: `{title, newLabel, newHref, contentLabel, load() → items, fingerprint(items) → string,
 * row(item) → <li>, empty, afterRefresh(items)?}`. Returns `{content, stop}`.
 */
export function mountListPage(container, options) {
  const list = h('ul', { class: 'session-list', 'aria-label': options.title });
  const listStatus = statusLine();
  const content = h('section', { class: 'content', 'aria-label': options.contentLabel });
  container.append(h('div', { class: 'split' },
    h('aside', { class: 'sidebar' },
      h('div', { class: 'sidebar-head' }, h('h2', {}, options.title), h('a', { class: 'button', href: options.newHref }, options.newLabel)),
      listStatus, list),
    content));

  let shown = '';
  let timer = null;
  let stopped = false;
  async function refresh() {
    try {
      const items = await options.load();
      const fingerprint = options.fingerprint(items);
      if (fingerprint !== shown) {
        shown = fingerprint;
        replace(list, items.length ? items.map(options.row) : h('li', { class: 'empty' }, options.empty));
      }
      options.afterRefresh?.(items);
      listStatus.show('');
    } catch (error) {
      listStatus.show(`Cannot list ${options.title.toLowerCase()}: ${describeError(error)}`, true);
    }
    if (!stopped) timer = setTimeout(refresh, refreshMs);
  }
  refresh();
  return {
    content,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
