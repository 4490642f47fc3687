// The Inspector's whole knowledge of the sandbox-agent HTTP API: paths, methods, bodies, auth,
// errors (ProblemDetails), server-sent events and the terminal WebSocket. Views call these
// functions and never build a URL themselves, so this file is the model for the SDKs.

/** An error response of the API: the ProblemDetails body plus the HTTP status. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    /** The problem code (`token_invalid`, `session_not_found`, …), from the `type` URN. */
    this.code = (this.problem.type || '').split(':').pop() || null;
  }
}

const encode = encodeURIComponent;

/** A client of one server. `token` is sent as a bearer token (and as `access_token` on WebSockets). */
export class Client {
  constructor({ baseUrl = '', token = null } = {}) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  headers(extra = {}) {
    const headers = { ...extra };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    return headers;
  }

  url(path, query) {
    const url = new URL(this.baseUrl + path, location.href);
    for (const [key, value] of Object.entries(query || {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** Sends a request; `json` is sent as an application/json body. Returns the raw Response when ok. */
  async send(method, path, { query, json, body, headers, signal } = {}) {
    const init = { method, headers: this.headers(headers), signal };
    if (json !== undefined) {
      init.body = JSON.stringify(json);
      init.headers['Content-Type'] = 'application/json';
    } else if (body !== undefined) {
      init.body = body;
    }
    const response = await fetch(this.url(path, query), init);
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch { /* not JSON: the status says enough */ }
      throw new ApiError(response.status, problem);
    }
    return response;
  }

  /** Sends a request and returns its JSON body (null for an empty one). */
  async call(method, path, options) {
    const response = await this.send(method, path, options);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  // Meta ---------------------------------------------------------------------------------------
  health() { return this.call('GET', '/v1/health'); }

  // Agents -------------------------------------------------------------------------------------
  listAgents() { return this.call('GET', '/v1/agents').then((r) => r.agents); }
  getAgent(agent) { return this.call('GET', `/v1/agents/${encode(agent)}`); }
  /**
   * Installs an agent, passing each step the server streams (`{phase, source?, receivedBytes?,
   * totalBytes?}`) to `onProgress`; resolves with the result, rejects with an ApiError.
   */
  async installAgent(agent, { reinstall = false, onProgress = () => {} } = {}) {
    const response = await this.send('POST', `/v1/agents/${encode(agent)}/install`,
      { json: { reinstall }, headers: { Accept: 'text/event-stream' } });
    let result = null;
    let failure = null;
    await readEventStream(response.body, (message) => {
      const data = JSON.parse(message.data);
      if (message.event === 'progress') onProgress(data);
      else if (message.event === 'result') result = data;
      else if (message.event === 'error') failure = new ApiError(data.status, data);
    });
    if (failure) throw failure;
    if (!result) throw new ApiError(0, { detail: `the install of ${agent} ended without a result` });
    return result;
  }

  // Sessions -----------------------------------------------------------------------------------
  /** Every session in the server's store (all pages, 500 at a time). */
  async listSessions() {
    const sessions = [];
    let cursor;
    do {
      const page = await this.call('GET', '/v1/sessions', { query: { limit: 500, cursor } });
      sessions.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return sessions;
  }
  getSession(id) { return this.call('GET', `/v1/sessions/${encode(id)}`); }
  /** `request`: `{agent, cwd?, mode?, model?, desktop?, id?, env?, mcpServers?}`. */
  createSession(request) { return this.call('POST', '/v1/sessions', { json: request }); }
  deleteSession(id) { return this.call('DELETE', `/v1/sessions/${encode(id)}`); }
  resumeSession(id) { return this.call('POST', `/v1/sessions/${encode(id)}/resume`); }
  /** Starts a turn and returns once it started (202); its output arrives as events. */
  prompt(id, text) {
    return this.call('POST', `/v1/sessions/${encode(id)}/prompt`, { query: { wait: false }, json: { prompt: text } });
  }
  cancel(id) { return this.call('POST', `/v1/sessions/${encode(id)}/cancel`); }
  setMode(id, modeId) { return this.call('POST', `/v1/sessions/${encode(id)}/mode`, { json: { modeId } }); }
  setConfigOption(id, configId, value) {
    return this.call('POST', `/v1/sessions/${encode(id)}/config`, { json: { configId, value } });
  }
  listPermissions(id) { return this.call('GET', `/v1/sessions/${encode(id)}/permissions`).then((r) => r.permissions); }
  /** `answer`: `{optionId}` or `{reply: 'once'|'always'|'reject'}`. */
  answerPermission(id, permissionId, answer) {
    return this.call('POST', `/v1/sessions/${encode(id)}/permissions/${encode(permissionId)}`, { json: answer });
  }
  listQuestions(id) { return this.call('GET', `/v1/sessions/${encode(id)}/questions`).then((r) => r.questions); }
  /** `answer`: `{answers: {...}}` or `{action: 'decline'|'cancel'|'accept'}`. */
  answerQuestion(id, questionId, answer) {
    return this.call('POST', `/v1/sessions/${encode(id)}/questions/${encode(questionId)}`, { json: answer });
  }
  listEvents(id, { offset = 0, limit = 1000 } = {}) {
    return this.call('GET', `/v1/sessions/${encode(id)}/events`, { query: { offset, limit } });
  }
  /**
   * Follows a session's transcript from `offset`: calls `onEvent(event)` for every SessionEvent
   * in order and reconnects with `Last-Event-ID` (no gap, no duplicate) until `signal` aborts.
   * `onState('live'|'reconnecting')` reports the connection.
   */
  followEvents(id, { offset = 0, onEvent, onState = () => {}, signal }) {
    let next = offset;
    return this.followStream(`/v1/sessions/${encode(id)}/events/stream`, {
      signal, onState,
      query: () => ({ offset: next }),
      lastEventId: () => (next > 0 ? String(next - 1) : null),
      onMessage: (message) => {
        const event = JSON.parse(message.data);
        if (event.eventIndex < next) return;
        next = event.eventIndex + 1;
        onEvent(event);
      },
    });
  }
  /** The image of a recorded desktop action (`screenshot.path` of `_sandboxagent/desktop/action`). */
  sessionScreenshot(path) { return this.send('GET', path).then((r) => r.blob()); }

  // Desktop ------------------------------------------------------------------------------------
  desktopStatus() { return this.call('GET', '/v1/desktop/status'); }
  startDesktop(options = {}) { return this.call('POST', '/v1/desktop/start', { json: options }); }
  stopDesktop() { return this.call('POST', '/v1/desktop/stop'); }
  /** Turns the live view on (409 while the desktop is not running). */
  startDesktopStream() { return this.call('POST', '/v1/desktop/stream/start'); }
  /** The URL of the live view's WebSocket; `query`: `{fps, quality, scale, control}`. */
  desktopStreamUrl(query = {}) { return this.socketUrl('/v1/desktop/stream/ws', query); }
  /** The desktop's recordings, newest last. */
  listRecordings() { return this.call('GET', '/v1/desktop/recordings').then((r) => r.recordings); }
  startRecording(options = {}) { return this.call('POST', '/v1/desktop/recording/start', { json: options }); }
  stopRecording() { return this.call('POST', '/v1/desktop/recording/stop'); }
  deleteRecording(id) { return this.call('DELETE', `/v1/desktop/recordings/${encode(id)}`); }
  /** A recording's MP4 as a Blob. */
  downloadRecording(id) { return this.send('GET', `/v1/desktop/recordings/${encode(id)}/download`).then((r) => r.blob()); }
  /** A screenshot as a Blob; `options`: `{format: 'png'|'jpeg'|'webp', quality, scale}`. */
  desktopScreenshot(options = {}, signal) {
    return this.send('GET', '/v1/desktop/screenshot', { query: options, signal }).then((r) => r.blob());
  }

  // Processes ----------------------------------------------------------------------------------
  listProcesses() { return this.call('GET', '/v1/processes').then((r) => r.processes); }
  getProcess(id) { return this.call('GET', `/v1/processes/${encode(id)}`); }
  /** `request`: `{command, args?, cwd?, env?, tty?, interactive?, cols?, rows?}`. */
  createProcess(request) { return this.call('POST', '/v1/processes', { json: request }); }
  stopProcess(id) { return this.call('POST', `/v1/processes/${encode(id)}/stop`); }
  killProcess(id) { return this.call('POST', `/v1/processes/${encode(id)}/kill`); }
  deleteProcess(id) { return this.call('DELETE', `/v1/processes/${encode(id)}`); }
  processLogs(id, { since, tail } = {}) {
    return this.call('GET', `/v1/processes/${encode(id)}/logs`, { query: { since, tail } }).then((r) => r.entries);
  }
  /**
   * Follows a process's output: `onEntry({sequence, stream, data (base64), …})` for every log
   * entry, `onExit(processInfo)` once it exited and its output is drained; reconnects with
   * `Last-Event-ID` until then.
   */
  followProcessLogs(id, { onEntry, onExit, onState = () => {}, signal }) {
    let last = null;
    let exited = false;
    return this.followStream(`/v1/processes/${encode(id)}/logs`, {
      signal, onState,
      query: () => ({ follow: true }),
      lastEventId: () => last,
      done: () => exited,
      onMessage: (message) => {
        if (message.event === 'exit') {
          exited = true;
          onExit(JSON.parse(message.data));
        } else if (message.event === 'log') {
          last = message.id;
          onEntry(JSON.parse(message.data));
        }
      },
    });
  }
  /** The URL of a tty process's terminal WebSocket (the token goes in the query: browsers cannot set headers there). */
  terminalUrl(id) { return this.socketUrl(`/v1/processes/${encode(id)}/terminal/ws`); }

  /** A WebSocket URL of `path`, with the token in the query (browsers cannot set headers there). */
  socketUrl(path, query = {}) {
    const url = new URL(this.url(path, { ...query, access_token: this.token }));
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }

  // Files --------------------------------------------------------------------------------------
  /** The entries of a directory (an array of `{name, path, entryType, size, modified}`). */
  listEntries(path) { return this.call('GET', '/v1/fs/entries', { query: { path } }); }
  stat(path) { return this.call('GET', '/v1/fs/stat', { query: { path } }); }
  readFile(path) { return this.send('GET', '/v1/fs/file', { query: { path } }).then((r) => r.blob()); }
  writeFile(path, blob) {
    return this.call('PUT', '/v1/fs/file', { query: { path }, body: blob, headers: { 'Content-Type': 'application/octet-stream' } });
  }
  deleteEntry(path, { recursive = false } = {}) { return this.call('DELETE', '/v1/fs/entry', { query: { path, recursive } }); }
  makeDirectory(path) { return this.call('POST', '/v1/fs/mkdir', { query: { path } }); }

  // Server-sent events -------------------------------------------------------------------------
  /**
   * Reads a text/event-stream with fetch (EventSource cannot send the Authorization header),
   * passing `{event, id, data}` to `onMessage`, and reconnects after a drop (1 s apart) until
   * `signal` aborts or `done()` is true. Resolves when it stops.
   */
  async followStream(path, { query, lastEventId, onMessage, onState, signal, done = () => false }) {
    while (!signal?.aborted && !done()) {
      try {
        const headers = { Accept: 'text/event-stream' };
        const last = lastEventId();
        if (last !== null) headers['Last-Event-ID'] = last;
        const response = await this.send('GET', path, { query: query(), headers, signal });
        onState('live');
        await readEventStream(response.body, onMessage);
      } catch (error) {
        if (signal?.aborted) return;
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) throw error;
      }
      if (signal?.aborted || done()) return;
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Parses an SSE byte stream into messages (`event`, `id`, `data` joined by newlines). */
async function readEventStream(body, onMessage) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let message = { event: 'message', id: null, data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    // Walk the lines with an index and cut the buffer once per chunk: a replay of thousands of
    // events arrives in large chunks.
    let start = 0;
    let newline;
    while ((newline = buffer.indexOf('\n', start)) >= 0) {
      let line = buffer.slice(start, newline);
      start = newline + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (message.data.length) onMessage({ event: message.event, id: message.id, data: message.data.join('\n') });
        message = { event: 'message', id: null, data: [] };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') message.data.push(text);
        else if (field === 'event') message.event = text;
        else if (field === 'id') message.id = text;
      }
    }
    buffer = buffer.slice(start);
  }
}
