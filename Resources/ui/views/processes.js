// Processes: the list (views/list-page.js), starting one (on a terminal or with pipes), and one
// process: its facts, stop/kill/remove, and its terminal (tty) or its logs, followed live.

import { h, replace, formatTime, statusLine, actionButton, describeError } from '../dom.js';
import { mountTerminal } from './terminal.js';
import { mountListPage } from './list-page.js';

export function mountProcesses(container, context, parts) {
  const [processId] = parts;
  const page = mountListPage(container, {
    title: 'Processes', newLabel: 'New process', newHref: '#/processes', empty: 'No processes.',
    contentLabel: processId ? `Process ${processId}` : 'New process',
    load: async () => (await context.client.listProcesses()).sort((a, b) => b.createdAtMs - a.createdAtMs),
    fingerprint: (processes) => JSON.stringify(processes.map((p) => [p.id, p.status, p.exitCode])),
    row: (process) => h('li', {},
      h('a', { class: 'session-row', href: `#/processes/${encodeURIComponent(process.id)}`, 'aria-current': process.id === processId ? 'page' : false },
        h('span', { class: 'row-title' }, process.id, ' ', h('span', { class: `badge ${process.status}` }, process.status)),
        h('span', { class: 'row-detail' }, [process.command, ...process.args].join(' ')),
        h('span', { class: 'row-detail' }, `${process.owner}${process.tty ? ' · tty' : ''}`))),
  });
  const unmountContent = processId ? mountProcess(page.content, context, processId) : mountStartForm(page.content, context);
  return () => {
    page.stop();
    unmountContent?.();
  };
}

/** Splits a command line into words: spaces separate, '…' and "…" group, \ escapes. */
export function splitWords(line) {
  const words = [];
  let word = null;
  let quote = null;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && index + 1 < line.length) word += line[++index];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (char === '\\' && index + 1 < line.length) {
      word = (word ?? '') + line[++index];
    } else if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

function mountStartForm(content, context) {
  const command = h('input', { id: 'process-command', value: 'bash', required: true, autocomplete: 'off', spellcheck: false });
  const cwd = h('input', { id: 'process-cwd', placeholder: "the server's working directory", autocomplete: 'off' });
  const tty = h('input', { id: 'process-tty', type: 'checkbox', checked: true });
  const status = statusLine();
  const form = h('form', { class: 'card form-grid', 'aria-labelledby': 'process-title' },
    h('h2', { id: 'process-title' }, 'Start a process'),
    h('label', { for: 'process-command' }, 'Command line'), command,
    h('label', { for: 'process-cwd' }, 'Working directory'), cwd,
    h('label', { for: 'process-tty' }, 'Terminal'), h('span', {}, tty, ' run on a terminal (interactive)'),
    h('span'), h('button', { type: 'submit' }, 'Start'), status);
  content.append(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const [program, ...args] = splitWords(command.value);
    if (!program) { status.show('Enter a command.', true); return; }
    const request = { command: program, args, tty: tty.checked, interactive: tty.checked };
    if (cwd.value.trim()) request.cwd = cwd.value.trim();
    try {
      const process = await context.client.createProcess(request);
      context.navigate(`#/processes/${encodeURIComponent(process.id)}`);
    } catch (error) {
      status.show(`Cannot start: ${describeError(error)}`, true);
    }
  });
  command.focus();
  return null;
}

function mountProcess(content, { client, navigate }, processId) {
  const status = statusLine();
  const head = h('div', { class: 'session-head' });
  const output = h('div', { class: 'process-output' });
  content.append(head, status, output);
  const abort = new AbortController();
  let unmountTerminal = null;

  function renderHead(info) {
    const running = info.status === 'running';
    replace(head,
      h('div', {},
        h('h2', {}, info.id, ' ', h('span', { class: `badge ${info.status}` }, info.status)),
        h('p', { class: 'muted' }, h('code', {}, [info.command, ...info.args].join(' ')),
          ` · pid ${info.pid ?? '—'} · ${info.cwd ?? ''} · started ${formatTime(info.createdAtMs)}`,
          info.exitCode !== null && info.exitCode !== undefined ? ` · exit code ${info.exitCode}` : '',
          info.signal ? ` · signal ${info.signal}` : '')),
      h('div', { class: 'actions' },
        running ? actionButton('Stop', async () => renderHead(await client.stopProcess(processId)), { status }) : null,
        running ? actionButton('Kill', async () => renderHead(await client.killProcess(processId)), { status }) : null,
        !running ? actionButton('Remove', async () => { await client.deleteProcess(processId); navigate('#/processes'); }, { status }) : null));
  }

  client.getProcess(processId).then((info) => {
    renderHead(info);
    if (info.tty) {
      unmountTerminal = mountTerminal(output, client, processId, { onExit: () => client.getProcess(processId).then(renderHead).catch((error) => status.show(describeError(error), true)) });
    } else {
      followLogs(output, client, processId, abort.signal, renderHead, status);
    }
  }).catch((error) => status.show(`Cannot open ${processId}: ${describeError(error)}`, true));

  return () => {
    abort.abort();
    unmountTerminal?.();
  };
}

function followLogs(output, client, processId, signal, onExit, status) {
  const log = h('pre', { class: 'terminal logs', tabindex: '0', 'aria-label': `Output of ${processId}`, role: 'log' });
  output.append(log);
  const decoders = new Map();
  client.followProcessLogs(processId, {
    signal,
    onEntry: (entry) => {
      if (!decoders.has(entry.stream)) decoders.set(entry.stream, new TextDecoder());
      const text = entry.encoding === 'base64'
        ? decoders.get(entry.stream).decode(Uint8Array.from(atob(entry.data), (c) => c.charCodeAt(0)), { stream: true })
        : entry.data;
      const stick = log.scrollHeight - log.scrollTop - log.clientHeight < 20;
      log.append(entry.stream === 'stderr' ? h('span', { class: 'stderr' }, text) : text);
      if (stick) log.scrollTop = log.scrollHeight;
    },
    onExit,
  }).catch((error) => status.show(`Log stream stopped: ${describeError(error)}`, true));
}
