// Sessions: the list from the server's store (views/list-page.js), the form that creates one,
// and the open session (views/session.js).

import { h, replace, formatTime, statusLine, describeError } from '../dom.js';
import { promptText } from '../transcript.js';
import { mountSession } from './session.js';
import { mountListPage } from './list-page.js';

/** First prompts by session id, read once from the start of each transcript. */
const titles = new Map();

export function mountSessions(container, context, parts) {
  const [sessionId, tab] = parts;
  const page = mountListPage(container, {
    title: 'Sessions', newLabel: 'New session', newHref: '#/sessions', empty: 'No sessions yet.',
    contentLabel: sessionId ? `Session ${sessionId}` : 'New session',
    load: async () => (await context.client.listSessions()).sort((a, b) => b.createdAt - a.createdAt),
    fingerprint: (sessions) => JSON.stringify(sessions.map((s) => [s.id, s.status, s.endReason, s.agent])),
    row: (session) => sessionRow(session, session.id === sessionId),
    afterRefresh: (sessions) => fillTitles(context.client, sessions),
  });
  const unmountContent = sessionId ? mountSession(page.content, context, sessionId, tab) : mountCreateForm(page.content, context);
  return () => {
    page.stop();
    unmountContent?.();
  };
}

/** Shows each session's first prompt as its title (read once per session, then kept). */
async function fillTitles(client, sessions) {
  for (const session of sessions.slice(0, 100)) {
    if (!titles.has(session.id)) {
      titles.set(session.id, '');
      try {
        const page = await client.listEvents(session.id, { offset: 0, limit: 20 });
        const first = page.items.find((event) => event.sender === 'client' && event.payload?.method === 'session/prompt');
        if (first) titles.set(session.id, promptText(first.payload.params?.prompt).slice(0, 120));
        else if (session.status === 'ended') titles.set(session.id, '');
        else titles.delete(session.id); // asked again on the next refresh
      } catch {
        continue;
      }
    }
    for (const element of document.querySelectorAll(`[data-title-of="${CSS.escape(session.id)}"]`)) {
      element.textContent = titles.get(session.id) || 'no prompt yet';
    }
  }
}

function sessionRow(session, current) {
  return h('li', {},
    h('a', { href: `#/sessions/${encodeURIComponent(session.id)}`, 'aria-current': current ? 'page' : false, class: 'session-row' },
      h('span', { class: 'row-title' }, session.agent, ' ', h('span', { class: `badge ${session.status}` }, session.status)),
      h('span', { class: 'row-prompt', dataset: { titleOf: session.id } }, titles.get(session.id) || ''),
      h('span', { class: 'row-detail' }, session.id),
      h('span', { class: 'row-detail' }, formatTime(session.createdAt), session.endReason ? ` · ${session.endReason}` : '')));
}

/** The form that creates a session: agent, mode, model, working directory, desktop. */
function mountCreateForm(content, context) {
  const agent = h('select', { id: 'new-agent', name: 'agent', required: true });
  const mode = h('input', { id: 'new-mode', name: 'mode', placeholder: 'agent default', autocomplete: 'off' });
  const model = h('input', { id: 'new-model', name: 'model', placeholder: 'agent default', autocomplete: 'off' });
  const cwd = h('input', { id: 'new-cwd', name: 'cwd', placeholder: "the server's working directory", autocomplete: 'off' });
  const desktop = h('input', { id: 'new-desktop', name: 'desktop', type: 'checkbox' });
  const status = statusLine();
  const submit = h('button', { type: 'submit' }, 'Create session');
  const form = h('form', { class: 'card form-grid', 'aria-labelledby': 'new-title' },
    h('h2', { id: 'new-title' }, 'New session'),
    h('label', { for: 'new-agent' }, 'Agent'), agent,
    h('label', { for: 'new-mode' }, 'Mode'), mode,
    h('label', { for: 'new-model' }, 'Model'), model,
    h('label', { for: 'new-cwd' }, 'Working directory'), cwd,
    h('label', { for: 'new-desktop' }, 'Desktop'), h('span', {}, desktop, ' give the agent the desktop (starts it)'),
    h('span'), submit, status);
  content.append(form);

  context.client.listAgents().then((agents) => {
    agents.sort((a, b) => Number(b.installed) - Number(a.installed) || a.id.localeCompare(b.id));
    replace(agent, agents.map((info) => h('option', { value: info.id },
      `${info.id}${info.installed ? '' : ' (not installed: installs on first use)'}${info.credentialsAvailable ? '' : ' (no credentials)'}`)));
  }).catch((error) => status.show(`Cannot list agents: ${describeError(error)}`, true));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    status.show('Starting the agent…');
    const request = { agent: agent.value };
    if (mode.value.trim()) request.mode = mode.value.trim();
    if (model.value.trim()) request.model = model.value.trim();
    if (cwd.value.trim()) request.cwd = cwd.value.trim();
    if (desktop.checked) request.desktop = true;
    try {
      const session = await context.client.createSession(request);
      context.navigate(`#/sessions/${encodeURIComponent(session.id)}`);
    } catch (error) {
      status.show(`Cannot create the session: ${describeError(error)}`, true);
      submit.disabled = false;
    }
  });
  return null;
}
