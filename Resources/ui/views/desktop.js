// The desktop: its status (with what is missing and how to install it), start and stop, and
// the live view (views/desktop-live.js) while it runs.

import { h, replace, statusLine, actionButton, describeError } from '../dom.js';
import { startLiveView } from './desktop-live.js';
import { mountRecordings } from './recordings.js';

export function mountDesktop(container, { client }) {
  const status = statusLine();
  const facts = h('div', { class: 'desktop-facts' });
  const controls = h('div', { class: 'actions' });
  const screen = h('canvas', {
    class: 'desktop-screen', role: 'img', tabindex: '0',
    'aria-label': 'Live view of the desktop; click it to control the pointer, type while it has focus',
  });
  const screenStatus = statusLine();
  const screenBox = h('div', { class: 'desktop-view', hidden: true }, screen, screenStatus);
  const recordingsBox = h('div', { hidden: true });
  container.append(h('section', { class: 'page', 'aria-labelledby': 'desktop-title' },
    h('h2', { id: 'desktop-title' }, 'Desktop'), status, facts, controls, screenBox, recordingsBox));
  const recordings = mountRecordings(recordingsBox, { client });

  let live = null;
  let timer = null;
  let stopped = false;

  async function refresh() {
    try {
      render(await client.desktopStatus());
    } catch (error) {
      status.show(`Cannot read the desktop status: ${describeError(error)}`, true);
    }
    if (!stopped) timer = setTimeout(refresh, 3000);
  }

  function render(desktop) {
    const active = desktop.state === 'active';
    const lines = [h('p', {}, 'State: ', h('span', { class: `badge ${desktop.state}` }, desktop.state),
      desktop.display ? ` · display ${desktop.display}` : '',
      desktop.resolution ? ` · ${desktop.resolution.width}×${desktop.resolution.height}` : '')];
    if (desktop.missingDependencies?.length) {
      lines.push(h('div', { class: 'remedy', role: 'note' },
        h('p', {}, `Missing programs: ${desktop.missingDependencies.join(', ')}. Install them with:`),
        h('pre', {}, desktop.installCommand || '')));
    }
    if (desktop.lastError) {
      lines.push(h('p', { class: 'status-line error' }, `Last error: ${desktop.lastError.message || desktop.lastError.code || ''}`));
    }
    replace(facts, lines);
    replace(controls,
      active ? actionButton('Stop desktop', async () => { await client.stopDesktop(); await refreshNow(); }, { status })
        : actionButton('Start desktop', async () => { status.show('Starting…'); await client.startDesktop(); status.show(''); await refreshNow(); }, { status }));
    recordingsBox.hidden = !active && recordingsBox.querySelector('tbody').children.length === 0;
    if (active && !live) {
      screenBox.hidden = false;
      recordings.refresh();
      live = startLiveView(client, screen, (error) => screenStatus.show(error ? `No picture: ${describeError(error)}` : ''));
    } else if (!active && live) {
      live.stop();
      live = null;
      screenBox.hidden = true;
    }
  }

  async function refreshNow() {
    clearTimeout(timer);
    await refresh();
  }

  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    live?.stop();
    recordings.stop();
  };
}
