// Folds a session's events (SessionEvent, in eventIndex order) into what the conversation shows:
// user prompts, agent messages and thoughts (chunks joined per messageId), tool calls (updates
// merged per toolCallId), plans, permission requests, questions, desktop actions, turn ends and
// the session's end. Pure data, no DOM: `add(event)` returns the items it created or changed,
// so the view redraws only those.

export class Transcript {
  constructor() {
    /** Items in order of first appearance: `{key, kind, version, ...}`. */
    this.items = [];
    this.byKey = new Map();
    /** The agent's modes, config options and slash commands as last reported. */
    this.modes = null;
    this.configOptions = null;
    this.commands = [];
    /** Whether a prompt was sent and its answer has not arrived. */
    this.turnRunning = false;
    this.ended = null;
    this.promptIds = new Set();
    this.lastText = null;
    this.planKey = null;
    this.counter = 0;
  }

  /** Applies one event; returns the items it created or changed. */
  add(event) {
    const changed = new Set();
    const payload = event.payload || {};
    const method = payload.method;
    const params = payload.params || {};
    if (event.sender === 'client' && method === 'session/prompt') {
      this.promptIds.add(payload.id);
      this.turnRunning = true;
      this.lastText = null;
      this.planKey = null;
      changed.add(this.create('user', { text: promptText(params.prompt), at: event.createdAt }));
    } else if (method === 'session/update') {
      this.update(params.update || {}, event, changed);
    } else if (event.sender === 'agent' && method === 'session/request_permission') {
      const toolCallId = params.toolCall?.toolCallId;
      changed.add(this.upsert(`permission:${toolCallId ?? payload.id}`, 'permission', {
        toolCall: params.toolCall || {}, options: params.options || [], outcome: null,
      }));
    } else if (method === '_sandboxagent/permission/resolved') {
      const item = this.byKey.get(`permission:${params.toolCallId}`);
      if (item) changed.add(this.touch(item, { outcome: params.outcome, by: params.by }));
    } else if (method === '_sandboxagent/question/requested') {
      changed.add(this.upsert(`question:${params.id}`, 'question', { question: params, resolution: null }));
    } else if (method === '_sandboxagent/question/resolved') {
      const item = this.byKey.get(`question:${params.id}`);
      if (item) changed.add(this.touch(item, { resolution: params }));
    } else if (method === '_sandboxagent/desktop/action') {
      changed.add(this.create('desktop', { action: params }));
    } else if (method === '_sandboxagent/session/started') {
      this.ended = null;
      changed.add(this.create('notice', { text: params.resumed ? 'Session resumed' : 'Session started', detail: params.agent }));
    } else if (method === '_sandboxagent/session/ended') {
      this.ended = params;
      this.turnRunning = false;
      changed.add(this.create('ended', { params }));
    } else if (method === '_sandboxagent/agent/diagnostic') {
      changed.add(this.create('notice', { text: `Agent diagnostic: ${params.kind}`, detail: params.message || params.raw || '', warning: true }));
    } else if (event.sender === 'agent' && !method && this.promptIds.has(payload.id)) {
      this.promptIds.delete(payload.id);
      this.turnRunning = this.promptIds.size > 0;
      this.lastText = null;
      if (payload.error) {
        changed.add(this.create('notice', { text: 'The turn failed', detail: payload.error.message || '', warning: true }));
      } else {
        changed.add(this.create('turn', { stopReason: payload.result?.stopReason }));
      }
    }
    return [...changed];
  }

  update(update, event, changed) {
    switch (update.sessionUpdate) {
      case 'agent_message_chunk':
      case 'agent_thought_chunk':
      case 'user_message_chunk': {
        const kind = { agent_message_chunk: 'message', agent_thought_chunk: 'thought', user_message_chunk: 'user' }[update.sessionUpdate];
        const text = contentText(update.content);
        const last = this.lastText;
        const continues = last && last.kind === kind && (update.messageId ? last.messageId === update.messageId : !last.messageId);
        if (continues) {
          changed.add(this.touch(last, { text: last.text + text }));
        } else {
          this.lastText = this.create(kind, { text, messageId: update.messageId || null, at: event.createdAt });
          changed.add(this.lastText);
        }
        return;
      }
      case 'tool_call':
      case 'tool_call_update': {
        this.lastText = null;
        // ACP's `kind` (read, edit, execute…) is kept as `toolKind`: `kind` is the item's own.
        const { sessionUpdate, kind, ...fields } = update;
        if (kind) fields.toolKind = kind;
        const existing = this.byKey.get(`tool:${update.toolCallId}`);
        changed.add(existing ? this.touch(existing, fields) : this.upsert(`tool:${update.toolCallId}`, 'tool', fields));
        return;
      }
      case 'plan': {
        this.lastText = null;
        const existing = this.planKey && this.byKey.get(this.planKey);
        if (existing) {
          changed.add(this.touch(existing, { entries: update.entries || [] }));
        } else {
          const item = this.create('plan', { entries: update.entries || [] });
          this.planKey = item.key;
          changed.add(item);
        }
        return;
      }
      case 'current_mode_update':
        if (this.modes) this.modes = { ...this.modes, currentModeId: update.currentModeId };
        else this.modes = { currentModeId: update.currentModeId, availableModes: [] };
        return;
      case 'config_option_update':
        this.configOptions = update.configOptions || this.configOptions;
        return;
      case 'available_commands_update':
        this.commands = update.availableCommands || [];
        return;
      default:
    }
  }

  create(kind, fields) {
    this.counter += 1;
    return this.upsert(`${kind}:#${this.counter}`, kind, fields);
  }

  upsert(key, kind, fields) {
    const existing = this.byKey.get(key);
    if (existing) return this.touch(existing, fields);
    const item = { key, kind, version: 1, ...fields };
    this.items.push(item);
    this.byKey.set(key, item);
    return item;
  }

  touch(item, fields) {
    Object.assign(item, fields);
    item.version += 1;
    return item;
  }
}

/** The text of an ACP content block (text; other kinds named). */
export function contentText(content) {
  if (!content) return '';
  if (content.type === 'text') return content.text || '';
  if (content.type === 'resource_link') return `[${content.name || content.uri}](${content.uri})`;
  if (content.type === 'resource') return content.resource?.text || content.resource?.uri || '';
  return `[${content.type}]`;
}

/** The text of a prompt (a string or content blocks). */
export function promptText(prompt) {
  if (typeof prompt === 'string') return prompt;
  return (prompt || []).map(contentText).join('\n');
}

/** A one-line description of an event for lists: the method, or what a response answers. */
export function eventLabel(event) {
  const payload = event.payload || {};
  if (payload.method === 'session/update') return `session/update · ${payload.params?.update?.sessionUpdate ?? '?'}`;
  if (payload.method) return payload.method;
  if (payload.error) return `error #${payload.id}`;
  return `result #${payload.id}`;
}

/** The method used for filtering: the JSON-RPC method, `session/update:<kind>`, or `(response)`. */
export function eventMethod(event) {
  const payload = event.payload || {};
  if (payload.method === 'session/update') return `session/update:${payload.params?.update?.sessionUpdate ?? ''}`;
  return payload.method || '(response)';
}
