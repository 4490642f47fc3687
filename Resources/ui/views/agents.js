// Agents: which agents this server can run (installed, version, credentials, driver), and
// installing one. The API answers an install only when it is done, so progress is the time
// it has taken so far.

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
    const install = h('button', { type: 'button', class: agent.installed ? 'secondary' : '' }, agent.installed ? 'Reinstall' : 'Install');
    install.addEventListener('click', async () => {
      install.disabled = true;
      const started = performance.now();
      const tick = setInterval(() => { progress.textContent = `installing… ${Math.round((performance.now() - started) / 1000)} s`; }, 500);
      progress.textContent = 'installing…';
      try {
        const result = await client.installAgent(agent.id, { reinstall: agent.installed });
        progress.textContent = result.already_installed ? 'already installed' :
          `installed ${result.artifacts.map((artifact) => artifact.version || artifact.source).join(', ')}`;
        await load();
      } catch (error) {
        progress.textContent = '';
        status.show(`Cannot install ${agent.id}: ${describeError(error)}`, true);
        install.disabled = false;
      } finally {
        clearInterval(tick);
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
      h('td', {}, builtIn ? h('span', { class: 'muted' }, 'built in') : [install, ' ', progress]));
  }

  load();
  return null;
}
