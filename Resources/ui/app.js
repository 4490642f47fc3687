// The Inspector's entry point: takes the token (from `?token=` or a prompt) into session
// storage, checks it against the server, and shows the section the address names
// (`#/sessions/ID`, `#/agents`, `#/desktop`, `#/processes/ID`, `#/files?path=…`).

import { ApiError, Client } from './api.js';
import { h, replace, describeError } from './dom.js';
import { mountSessions } from './views/sessions.js';
import { mountAgents } from './views/agents.js';
import { mountDesktop } from './views/desktop.js';
import { mountProcesses } from './views/processes.js';
import { mountFiles } from './views/files.js';

const tokenKey = 'sandbox-agent-inspector-token';
const main = document.getElementById('main');
const connection = document.getElementById('connection');
const client = new Client({ token: takeToken() });
let unmount = null;
let connected = false;

/** `?token=` goes to session storage and out of the address (and so out of history and screenshots). */
function takeToken() {
  const url = new URL(location.href);
  const fromURL = url.searchParams.get('token');
  if (fromURL !== null) {
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    if (fromURL) sessionStorage.setItem(tokenKey, fromURL);
  }
  return sessionStorage.getItem(tokenKey);
}

/** The route in the hash: `{section, parts, query}`. */
function route() {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { section: parts[0] || 'sessions', parts: parts.slice(1), query: new URLSearchParams(query) };
}

const sections = {
  sessions: mountSessions,
  agents: mountAgents,
  desktop: mountDesktop,
  processes: mountProcesses,
  files: mountFiles,
};

function show() {
  const { section, parts, query } = route();
  const mount = sections[section] || sections.sessions;
  for (const link of document.querySelectorAll('nav [data-section]')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (unmount) unmount();
  unmount = null;
  main.replaceChildren();
  unmount = mount(main, { client, navigate, signOut }, parts, query) || null;
}

function navigate(hash) {
  if (location.hash === hash) show();
  else location.hash = hash;
}

function signOut() {
  sessionStorage.removeItem(tokenKey);
  client.token = null;
  start();
}

function askForToken(message) {
  connected = false;
  if (unmount) unmount();
  unmount = null;
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: false });
  const form = h('form', { class: 'token-form card', 'aria-labelledby': 'token-title' },
    h('h2', { id: 'token-title' }, 'This server needs a token'),
    h('p', {}, 'Enter the token the server was started with (--token or SANDBOX_AGENT_TOKEN). It is kept in this tab only (session storage).'),
    h('label', { for: 'token' }, 'Token'), input,
    message ? h('p', { class: 'status-line error', role: 'alert' }, message) : null,
    h('button', { type: 'submit' }, 'Connect'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(tokenKey, input.value);
    client.token = input.value;
    start();
  });
  replace(main, form);
  connection.textContent = 'Not connected';
  input.focus();
}

async function start() {
  try {
    const health = await client.health();
    connected = true;
    replace(connection, `Connected · v${health.version}`,
      client.token ? h('button', { type: 'button', class: 'link', onclick: signOut }, 'Forget token') : null);
    show();
    // First render done (bench/inspector.py measures navigation start → this mark).
    requestAnimationFrame(() => performance.mark('inspector:ready'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      askForToken(client.token ? 'The server refused this token.' : null);
    } else {
      replace(main, h('p', { class: 'status-line error', role: 'alert' }, `Cannot reach the server: ${describeError(error)}`));
    }
  }
}

window.addEventListener('hashchange', () => { if (connected) show(); });
// A page left for another (or kept in the back/forward cache) closes its streams: browsers allow
// only six connections to one server, and every open stream holds one.
window.addEventListener('pagehide', () => {
  if (unmount) unmount();
  unmount = null;
});
window.addEventListener('pageshow', (event) => { if (event.persisted && connected) show(); });
start();
