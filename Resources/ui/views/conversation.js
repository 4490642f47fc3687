// The conversation of a session: the transcript items drawn as they change (one element per
// item, redrawn only when its version moves), and the composer: prompt, cancel, mode and model.

import { h, replace, append, prettyJSON, describeError } from '../dom.js';
import { renderMarkdown, renderInline } from '../markdown.js';
import { contentText } from '../transcript.js';
import { questionForm } from './question-form.js';

export function mountConversation(body, { client, sessionId, feed, status, getSession }) {
  const transcript = feed.transcript;
  const log = h('div', { class: 'transcript', role: 'log', 'aria-label': 'Conversation', 'aria-live': 'off', tabindex: '0' });
  const elements = new Map();
  const screenshotURLs = [];
  const actions = { client, sessionId, status, screenshotURLs };

  const input = h('textarea', { id: 'prompt', rows: 3, placeholder: 'Message the agent (Enter sends, Shift+Enter for a new line; /commands of the agent work too)' });
  const send = h('button', { type: 'submit' }, 'Send');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel turn');
  const mode = h('select', { id: 'mode', 'aria-label': 'Mode' });
  const model = h('select', { id: 'model', 'aria-label': 'Model' });
  const running = h('span', { class: 'turn-state', role: 'status' });
  const commandList = h('ul', { class: 'command-list' });
  const commands = h('details', { class: 'commands', hidden: true }, h('summary', {}, 'Agent commands'), commandList);
  const composer = h('form', { class: 'composer', 'aria-label': 'Prompt' },
    h('label', { for: 'prompt', class: 'visually-hidden' }, 'Prompt'), input,
    h('div', { class: 'composer-bar' },
      send, cancel, running,
      commands,
      h('span', { class: 'spacer' }),
      h('label', { for: 'mode' }, 'Mode'), mode,
      h('label', { for: 'model' }, 'Model'), model));
  // Announces what needs the reader (the log itself is not live: streamed text would flood it).
  const announcer = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  body.append(log, composer, announcer);

  composer.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    if (transcript.turnRunning) {
      status.show('The agent is still working on the last prompt: wait for it or cancel the turn.', true);
      return;
    }
    send.disabled = true;
    try {
      status.show('');
      await client.prompt(sessionId, text);
      input.value = '';
    } catch (error) {
      status.show(`Cannot send: ${describeError(error)}`, true);
    } finally {
      updateComposer();
    }
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  cancel.addEventListener('click', async () => {
    try { await client.cancel(sessionId); } catch (error) { status.show(`Cannot cancel: ${describeError(error)}`, true); }
  });
  mode.addEventListener('change', async () => {
    try { await client.setMode(sessionId, mode.value); } catch (error) { status.show(`Cannot switch mode: ${describeError(error)}`, true); }
  });
  model.addEventListener('change', async () => {
    try { await client.setConfigOption(sessionId, 'model', model.value); } catch (error) { status.show(`Cannot switch model: ${describeError(error)}`, true); }
  });

  function announce(item) {
    if (item.kind === 'permission' && !item.outcome && !transcript.ended) announcer.textContent = 'The agent asks for permission.';
    else if (item.kind === 'question' && !item.resolution && !transcript.ended) announcer.textContent = 'The agent asks a question.';
    else if (item.kind === 'ended') announcer.textContent = 'The session ended.';
  }

  function updateComposer() {
    const session = getSession();
    const ended = Boolean(transcript.ended) || session?.status === 'ended';
    input.disabled = ended;
    send.disabled = ended || transcript.turnRunning;
    cancel.disabled = ended || !transcript.turnRunning;
    running.textContent = ended ? 'Session ended' : transcript.turnRunning ? 'Agent is working…' : '';
    if (commandList.dataset.count !== String(transcript.commands.length)) {
      commandList.dataset.count = String(transcript.commands.length);
      commands.hidden = transcript.commands.length === 0;
      replace(commandList, transcript.commands.map((command) => h('li', {},
        h('button', { type: 'button', class: 'link', onclick: () => { input.value = `/${command.name} `; commands.open = false; input.focus(); } }, `/${command.name}`),
        command.description ? ` — ${command.description}` : '')));
    }
    const modes = transcript.modes || session?.modes;
    fillSelect(mode, (modes?.availableModes || []).map((m) => [m.id, m.name || m.id]), modes?.currentModeId, ended);
    const options = transcript.configOptions || session?.configOptions || [];
    const modelOption = options.find((option) => option.category === 'model' || option.id === 'model');
    fillSelect(model, (modelOption?.options || []).map((o) => [o.value, o.name || o.value]), modelOption?.currentValue, ended);
  }

  // Items go into blocks of `itemsPerBlock`: a block out of view is skipped by layout and paint
  // as a whole (content-visibility in style.css), so the cost of a frame stays that of the blocks
  // near the view, not of every item of a long session.
  let block = null;
  function appendItem(element) {
    if (!block || block.childElementCount >= itemsPerBlock) {
      block = h('div', { class: 'transcript-block' });
      log.append(block);
    }
    block.append(element);
  }

  // Follow the end of the conversation unless the reader scrolled up.
  let following = true;
  let scrolledByUs = false;
  log.addEventListener('scroll', () => {
    if (scrolledByUs) { scrolledByUs = false; return; }
    following = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  });
  const unsubscribe = feed.subscribe((items) => {
    for (const item of items) {
      const previous = elements.get(item.key);
      if (previous && previous.version === item.version) continue;
      // Streamed text is redrawn inside its element, so a selection or a reader's place survives.
      if (previous && textKinds.has(item.kind)) {
        previous.querySelector('.markdown').replaceChildren(renderMarkdown(item.text));
        previous.version = item.version;
        continue;
      }
      const element = renderItem(item, actions, transcript);
      element.version = item.version;
      if (previous) previous.replaceWith(element);
      else appendItem(element);
      elements.set(item.key, element);
      if (!previous) announce(item);
    }
    updateComposer();
    if (following && log.scrollTop !== log.scrollHeight - log.clientHeight) {
      scrolledByUs = true;
      log.scrollTop = log.scrollHeight;
    }
  });
  // Items already folded (the feed started before this view) are drawn at once.
  if (transcript.items.length) {
    for (const item of transcript.items) {
      const element = renderItem(item, actions, transcript);
      element.version = item.version;
      appendItem(element);
      elements.set(item.key, element);
    }
  }
  updateComposer();

  return () => {
    unsubscribe();
    screenshotURLs.forEach((url) => URL.revokeObjectURL(url));
  };
}

const textKinds = new Set(['user', 'message', 'thought']);
const itemsPerBlock = 50;

function fillSelect(select, options, current, disabled) {
  const fingerprint = JSON.stringify([options, current]);
  select.disabled = disabled || options.length === 0;
  if (select.dataset.fingerprint === fingerprint) return;
  select.dataset.fingerprint = fingerprint;
  replace(select, options.length ? options.map(([value, label]) => h('option', { value, selected: value === current }, label))
    : h('option', { value: '' }, '—'));
}

/** One transcript item as an element. */
function renderItem(item, actions, transcript) {
  switch (item.kind) {
    case 'user':
      return h('article', { class: 'item user', 'aria-label': 'You' }, h('div', { class: 'who' }, 'You'),
        h('div', { class: 'markdown' }, renderMarkdown(item.text)));
    case 'message':
      return h('article', { class: 'item agent', 'aria-label': 'Agent' }, h('div', { class: 'who' }, 'Agent'),
        h('div', { class: 'markdown' }, renderMarkdown(item.text)));
    case 'thought':
      return h('details', { class: 'item thought' }, h('summary', {}, 'Thought'), h('div', { class: 'markdown' }, renderMarkdown(item.text)));
    case 'tool':
      return renderTool(item);
    case 'plan':
      return h('section', { class: 'item plan', 'aria-label': 'Plan' }, h('div', { class: 'who' }, 'Plan'),
        h('ol', {}, item.entries.map((entry) => h('li', { class: `plan-${entry.status}` },
          h('span', { class: `badge ${entry.status}` }, entry.status.replace('_', ' ')), ' ', entry.content,
          entry.priority ? h('span', { class: 'muted' }, ` · ${entry.priority}`) : null))));
    case 'permission':
      return renderPermission(item, actions, transcript);
    case 'question':
      return renderQuestion(item, actions, transcript);
    case 'desktop':
      return renderDesktopAction(item, actions);
    case 'turn':
      return h('div', { class: 'item turn-end' }, `Turn ended: ${item.stopReason ?? 'unknown'}`);
    case 'ended':
      return renderEnded(item.params);
    default:
      return h('div', { class: `item notice${item.warning ? ' warning' : ''}` }, item.text, item.detail ? h('span', { class: 'muted' }, ` · ${item.detail}`) : null);
  }
}

function renderTool(item) {
  const status = item.status || 'pending';
  const details = h('details', { class: `item tool tool-${status}`, open: status === 'failed' },
    h('summary', {}, h('span', { class: `badge ${status}` }, status.replace('_', ' ')), ' ',
      item.toolKind ? h('span', { class: 'tool-kind' }, item.toolKind) : null, ' ',
      renderInline(item.title || item.toolCallId || '')));
  const body = h('div', { class: 'tool-body' });
  if (item.locations?.length) body.append(h('p', { class: 'muted' }, item.locations.map((l) => l.line ? `${l.path}:${l.line}` : l.path).join(', ')));
  if (item.rawInput !== undefined) body.append(h('h4', {}, 'Input'), h('pre', { class: 'json' }, prettyJSON(item.rawInput)));
  for (const block of item.content || []) {
    if (block.type === 'diff') body.append(renderDiff(block));
    else if (block.type === 'terminal') body.append(h('p', { class: 'muted' }, `Terminal ${block.terminalId}`));
    else if (block.type === 'content') body.append(h('h4', {}, 'Output'), h('pre', { class: 'output' }, contentText(block.content)));
  }
  if (item.rawOutput !== undefined) body.append(h('h4', {}, 'Raw output'), h('pre', { class: 'json' }, prettyJSON(item.rawOutput)));
  details.append(body);
  return details;
}

function renderDiff(block) {
  const lines = [];
  for (const line of (block.oldText ?? '').split('\n')) if (block.oldText) lines.push(h('span', { class: 'del' }, `- ${line}\n`));
  for (const line of (block.newText ?? '').split('\n')) lines.push(h('span', { class: 'add' }, `+ ${line}\n`));
  return h('div', { class: 'diff' }, h('h4', {}, `Diff ${block.path}`), h('pre', {}, lines));
}

function renderPermission(item, { client, sessionId, status }, transcript) {
  const title = item.toolCall.title || item.toolCall.toolCallId || 'a tool call';
  const element = h('section', { class: 'item permission', 'aria-label': 'Permission request' },
    h('div', { class: 'who' }, 'Permission'), h('p', {}, 'The agent asks to run ', h('strong', {}, renderInline(title))));
  if (item.toolCall.rawInput !== undefined) element.append(h('pre', { class: 'json' }, prettyJSON(item.toolCall.rawInput)));
  if (item.outcome) {
    const chosen = item.outcome.optionId ? item.options.find((o) => o.optionId === item.outcome.optionId)?.name ?? item.outcome.optionId : item.outcome.outcome;
    element.append(h('p', { class: 'resolution' }, `Answered: ${chosen}${item.by && item.by !== 'client' ? ` (${item.by.replace('_', ' ')})` : ''}`));
    return element;
  }
  if (transcript.ended) return append(element, [h('p', { class: 'muted' }, 'Not answered: the session ended.')]);
  const buttons = item.options.map((option) => h('button', {
    type: 'button', class: option.kind?.startsWith('reject') ? 'secondary' : '',
    onclick: async (event) => {
      for (const button of buttons) button.disabled = true;
      try {
        const pending = await client.listPermissions(sessionId);
        const request = pending.find((p) => p.toolCall?.toolCallId === item.toolCall.toolCallId);
        if (!request) throw new Error('this request is no longer pending');
        await client.answerPermission(sessionId, request.permissionId, { optionId: option.optionId });
      } catch (error) {
        status.show(`Cannot answer: ${describeError(error)}`, true);
        for (const button of buttons) button.disabled = false;
        event.target.focus();
      }
    },
  }, option.name || option.optionId));
  element.append(h('div', { class: 'actions', role: 'group', 'aria-label': 'Answer' }, buttons));
  return element;
}

function renderQuestion(item, { client, sessionId }, transcript) {
  const question = item.question;
  const element = h('section', { class: 'item question', 'aria-label': 'Question' }, h('div', { class: 'who' }, 'Question'),
    h('div', { class: 'markdown' }, renderMarkdown(question.message || '')));
  if (item.resolution) {
    const answer = item.resolution.content ? ` ${JSON.stringify(item.resolution.content)}` : '';
    element.append(h('p', { class: 'resolution' }, `Answered: ${item.resolution.action}${answer}${item.resolution.by !== 'client' ? ` (${item.resolution.by.replace('_', ' ')})` : ''}`));
  } else if (transcript.ended) {
    element.append(h('p', { class: 'muted' }, 'Not answered: the session ended.'));
  } else {
    element.append(questionForm(question, (answer) => client.answerQuestion(sessionId, question.id, answer)));
  }
  return element;
}

function renderDesktopAction(item, { client, screenshotURLs }) {
  const action = item.action;
  const element = h('details', { class: 'item desktop-action' },
    h('summary', {}, h('span', { class: 'badge' }, action.source), ` Desktop ${action.action}`,
      action.durationMs !== undefined ? h('span', { class: 'muted' }, ` · ${action.durationMs} ms`) : null),
    h('pre', { class: 'json' }, prettyJSON({ parameters: action.parameters, result: action.result })));
  if (action.screenshot?.path) {
    const image = h('img', { alt: `Screen after ${action.action}`, class: 'action-shot', loading: 'lazy' });
    element.open = true;
    element.append(image);
    client.sessionScreenshot(action.screenshot.path).then((blob) => {
      const url = URL.createObjectURL(blob);
      screenshotURLs.push(url);
      image.src = url;
    }).catch(() => { image.replaceWith(h('p', { class: 'muted' }, 'The screenshot is no longer kept.')); });
  }
  return element;
}

function renderEnded(params) {
  const reasons = {
    deleted: 'it was ended (deleted)', agent_exited: 'the agent exited', start_failed: 'the agent failed to start',
    server_shutdown: 'the server shut down', server_restarted: 'the server restarted',
  };
  const facts = [];
  if (params.exitCode !== undefined && params.exitCode !== null) facts.push(`exit code ${params.exitCode}`);
  if (params.signal !== undefined && params.signal !== null) facts.push(`signal ${params.signal}`);
  return h('section', { class: 'item ended', role: 'note', 'aria-label': 'Session ended' },
    h('p', {}, h('strong', {}, `Session ended because ${reasons[params.reason] || params.reason}`),
      facts.length ? ` (${facts.join(', ')})` : '', params.message ? ` — ${params.message}` : ''),
    params.stderrTail ? h('details', { open: true }, h('summary', {}, 'Agent stderr (last lines)'), h('pre', { class: 'output' }, params.stderrTail)) : null);
}
