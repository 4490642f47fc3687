// Agents: which agents this server can run (installed, version, credentials, driver), and
// installing one with its progress (the steps the server streams: resolving, a download bar,
// unpacking).

import { h, replace, statusLine, describeError } from '../dom.js';

export function mountAgents(container, { client }) {
  const status = statusLine();
  const body = h('tbody');
  container.append(h('section', { class: 'page', 'aria-labelledby': 'agents-title' },
    h('h2', { id: 'agents-title' }, 'Agents'),
    h('p', { class: 'muted' }, 'Agents that are not installed are installed on first use, or here.'),
    status,
    h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['Agent', 'Installed', 'Version', 'Credentials', 'Driver', ''].map((name) => h('th', { scope: 'col' }, name)))),
      body)));

  async function load() {
    try {
      const agents = await client.listAgents();
      replace(body, agents.map((agent) => row(agent)));
    } catch (error) {
      status.show(`Cannot list agents: ${describeError(error)}`, true);
    }
  }

  function row(agent) {
    const progress = h('span', { class: 'muted', role: 'status' });
    const bar = h('progress', { max: 100, hidden: true, 'aria-label': `Download of ${agent.id}` });
    const install = h('button', { type: 'button', class: agent.installed ? 'secondary' : '' }, agent.installed ? 'Reinstall' : 'Install');
    install.addEventListener('click', async () => {
      install.disabled = true;
      status.show('');
      progress.textContent = 'installing…';
      try {
        const result = await client.installAgent(agent.id, { reinstall: agent.installed, onProgress: (step) => show(step, bar, progress) });
        // The table is redrawn with the new state; the outcome stays in the page's status line.
        status.show(`${agent.id}: ${result.already_installed ? 'already installed' :
          `installed ${result.artifacts.map((artifact) => artifact.version || artifact.source).join(', ')}`}`);
        await load();
      } catch (error) {
        progress.textContent = '';
        status.show(`Cannot install ${agent.id}: ${describeError(error)}`, true);
        install.disabled = false;
      } finally {
        bar.hidden = true;
      }
    });
    const builtIn = agent.id === 'mock';
    return h('tr', {},
      h('th', { scope: 'row' }, agent.id),
      h('td', {}, h('span', { class: `badge ${agent.installed ? 'completed' : 'pending'}` }, agent.installed ? 'yes' : 'no'),
        agent.path ? h('div', { class: 'muted small' }, agent.path) : null),
      h('td', {}, agent.version || '—'),
      h('td', {}, h('span', { class: `badge ${agent.credentialsAvailable ? 'completed' : 'failed'}` }, agent.credentialsAvailable ? 'found' : 'missing')),
      h('td', {}, agent.driver || '—'),
      h('td', {}, builtIn ? h('span', { class: 'muted' }, 'built in') : [install, ' ', bar, ' ', progress]));
  }

  /** One install step: its name, and for downloads a bar with the megabytes. */
  function show(step, bar, progress) {
    const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
    if (step.phase === 'downloading') {
      bar.hidden = !step.totalBytes;
      if (step.totalBytes) bar.value = Math.floor((step.receivedBytes * 100) / step.totalBytes);
      progress.textContent = step.totalBytes ? `downloading ${megabytes(step.receivedBytes)} of ${megabytes(step.totalBytes)}`
        : `downloading ${megabytes(step.receivedBytes)}`;
    } else {
      bar.hidden = true;
      progress.textContent = step.phase === 'resolving' ? `resolving ${step.source}` : `${step.phase}…`;
    }
  }

  load();
  return null;
}
