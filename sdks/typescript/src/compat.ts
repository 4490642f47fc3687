import type {
  AcpContentBlock, AcpMcpServer, DesktopMouseClickRequest, DesktopKeyboardTypeRequest, DesktopStartRequest,
  FsMoveRequest, HealthResponse, McpServerConfig, ProcessLogEntry, SkillsConfig, PermissionReplyKind, PermissionRequest, ProcessCreateRequest, ProcessRunRequest, Session,
  SessionEvent, SessionPromptResponse,
} from "./generated/schemas.js";
import { linkedController, type CallOptions } from "./http.js";
import { SandboxAgentError } from "./errors.js";
import type { AcpRelay, Agents, DirectoryConfig } from "./services.js";
import { fromBase64 } from "./base64.js";
import type { Desktop, ScreenshotOptions } from "./desktop.js";
import type { Files, FileData } from "./files.js";
import type { LogQuery, Processes } from "./processes.js";
import type { Sessions } from "./sessions.js";

/**
 * Upstream's name for a session's record. Here it is the server's `Session` (`endedAt` where
 * upstream has `destroyedAt`; no `lastConnectionId` or `sandboxId`).
 */
export type SessionRecord = Session;

/** The Inspector's URL (`/ui/`), with the token that the page then keeps for the tab. */
export function buildInspectorUrl(options: { baseUrl: string; token?: string }): string {
  const url = new URL(options.baseUrl.replace(/\/+$/, "") + "/ui/");
  if (options.token) url.searchParams.set("token", options.token);
  return url.toString();
}

/** `createSession` options as upstream's SDK takes them. */
export interface UpstreamCreateSessionOptions {
  agent: string;
  id?: string;
  cwd?: string;
  /** ACP `NewSessionRequest` fields: `cwd` and `mcpServers` are used. */
  sessionInit?: { cwd?: string; mcpServers?: AcpMcpServer[] };
  model?: string;
  mode?: string;
}

/**
 * A session as upstream's SDK hands it out: `id`, `prompt(blocks)`, `onEvent`, permission helpers.
 * The state lives on the server here, so the object is only a handle.
 */
export class UpstreamSession {
  readonly id: string;
  readonly agent: string;
  readonly agentSessionId?: string;
  readonly createdAt: number;

  constructor(private readonly sdk: UpstreamCompatibility, private readonly record: Session) {
    this.id = record.id;
    this.agent = record.agent;
    this.agentSessionId = record.agentSessionId;
    this.createdAt = record.createdAt;
  }

  /**
   * Runs one turn with ACP content blocks. It is sent once every `onEvent` listener of the session
   * on this client has found where it starts, so the listeners see the whole turn.
   */
  async prompt(content: AcpContentBlock[] | string, options: CallOptions = {}): Promise<SessionPromptResponse> {
    await this.sdk.eventListenersAttached(this.id);
    return this.sdk.sessions.prompt(this.id, content, options);
  }

  /** Calls `listener` for each new event of the session; returns the unsubscribe function (`signal` unsubscribes too). */
  onEvent(listener: (event: SessionEvent) => void, options: CallOptions = {}): () => void {
    return this.sdk.onSessionEvent(this.id, listener, options);
  }

  onPermissionRequest(listener: (request: PermissionRequest) => void, options: CallOptions = {}): () => void {
    return this.sdk.onPermissionRequest(this.id, listener, options);
  }

  respondPermission(permissionId: string, reply: PermissionReplyKind, options: CallOptions = {}): Promise<void> {
    return this.sdk.respondPermission(permissionId, reply, this.id, options);
  }

  setMode(modeId: string, options: CallOptions = {}): Promise<Session> {
    return this.sdk.sessions.setMode(this.id, modeId, options);
  }

  setConfigOption(configId: string, value: string, options: CallOptions = {}) {
    return this.sdk.sessions.setConfig(this.id, configId, value, options);
  }

  /** The server's record of the session. */
  refresh(options: CallOptions = {}): Promise<Session> {
    return this.sdk.sessions.get(this.id, options);
  }

  /** The record this handle was made from (`refresh` asks the server for the current one). */
  toRecord(): SessionRecord {
    return this.record;
  }
}

/**
 * Upstream's flat method names over the grouped API, so an upstream quickstart runs by changing
 * the import. Differences are listed in docs/sdks.md.
 */
export abstract class UpstreamCompatibility {
  abstract readonly sessions: Sessions;
  abstract readonly agents: Agents;
  abstract readonly fs: Files;
  abstract readonly processes: Processes;
  abstract readonly desktop: Desktop;
  abstract readonly acp: AcpRelay;
  abstract readonly config: DirectoryConfig;
  /** Which session each permission id seen by `onPermissionRequest` belongs to (ids are per session). */
  private readonly permissionSessions = new Map<string, string>();
  /** The start-offset requests of `onSessionEvent` listeners still waiting for their answer, per session. */
  private readonly attaching = new Map<string, Set<Promise<void>>>();
  /** The live subscriptions, ended by `dispose`. */
  private readonly subscriptions = new Set<AbortController>();

  async createSession(options: UpstreamCreateSessionOptions, call: CallOptions = {}): Promise<UpstreamSession> {
    const record = await this.sessions.create({
      agent: options.agent,
      id: options.id,
      cwd: options.cwd ?? options.sessionInit?.cwd,
      mcpServers: options.sessionInit?.mcpServers,
      model: options.model,
      mode: options.mode,
    }, call);
    return new UpstreamSession(this, record);
  }

  async resumeSession(id: string, options: CallOptions = {}): Promise<UpstreamSession> {
    return new UpstreamSession(this, await this.sessions.resume(id, options));
  }

  /** The session `options.id` resumed (a live one as it is), or created with that id when the server has none. */
  async resumeOrCreateSession(options: UpstreamCreateSessionOptions & { id: string }, call: CallOptions = {}): Promise<UpstreamSession> {
    try {
      return await this.resumeSession(options.id, call);
    } catch (error) {
      if (!(error instanceof SandboxAgentError && error.code === "session_not_found")) throw error;
      return this.createSession(options, call);
    }
  }

  async getSession(id: string, options: CallOptions = {}): Promise<UpstreamSession> {
    return new UpstreamSession(this, await this.sessions.get(id, options));
  }

  async destroySession(id: string, options: CallOptions = {}): Promise<void> {
    await this.sessions.delete(id, options);
  }

  async listSessions(query: { cursor?: string; limit?: number } = {}, options: CallOptions = {}): Promise<{ items: UpstreamSession[]; nextCursor?: string }> {
    const page = await this.sessions.list(query, options);
    return { items: page.items.map((record) => new UpstreamSession(this, record)), nextCursor: page.nextCursor ?? undefined };
  }

  /** A page of events; `cursor` is the `eventIndex` to start at (as a string), like `nextCursor`. */
  async getEvents(query: { sessionId: string; cursor?: string; limit?: number }, options: CallOptions = {}): Promise<{ items: SessionEvent[]; nextCursor?: string }> {
    const page = await this.sessions.events(query.sessionId, { offset: query.cursor ? Number(query.cursor) : undefined, limit: query.limit }, options);
    return { items: page.items, nextCursor: page.items.length > 0 ? String(page.nextOffset) : undefined };
  }

  /**
   * New events of a session to `listener`; returns the unsubscribe function. The listener starts
   * where the transcript ends when its length has been read (requested at once, paging through it).
   * `UpstreamSession.prompt` on this client waits for that, so a turn prompted right after
   * subscribing is delivered whole; events other clients cause while the length is read are not
   * (the stream has no "from the end" offset). `signal` unsubscribes too.
   */
  onSessionEvent(sessionId: string, listener: (event: SessionEvent) => void, options: CallOptions = {}): () => void {
    const controller = this.subscription(options.signal);
    const start = this.sessions.endOffset(sessionId, { signal: controller.signal });
    const attached = start.then(() => undefined, () => undefined);
    const pending = this.attaching.get(sessionId) ?? new Set<Promise<void>>();
    this.attaching.set(sessionId, pending.add(attached));
    void attached.then(() => {
      pending.delete(attached);
      if (pending.size === 0 && this.attaching.get(sessionId) === pending) this.attaching.delete(sessionId);
    });
    (async () => {
      const offset = await start;
      for await (const event of this.sessions.stream(sessionId, { offset, signal: controller.signal })) listener(event);
    })().catch((error) => { if (!controller.signal.aborted) console.error("sandbox-agent onSessionEvent:", error); });
    return () => controller.abort();
  }

  /** Resolves once every `onSessionEvent` listener of `sessionId` made so far knows its start offset. */
  async eventListenersAttached(sessionId: string): Promise<void> {
    await Promise.all(this.attaching.get(sessionId) ?? []);
  }

  /** Pending and new permission requests of a session to `listener` (answer with `respondPermission`). */
  onPermissionRequest(sessionId: string, listener: (request: PermissionRequest) => void, options: CallOptions = {}): () => void {
    const controller = this.subscription(options.signal);
    this.sessions.onPermission(sessionId, (request) => {
      this.permissionSessions.set(request.permissionId, sessionId);
      listener(request);
    }, { signal: controller.signal });
    return () => controller.abort();
  }

  /**
   * Ends every subscription made through these names (`onEvent`, `onSessionEvent`,
   * `onPermissionRequest`, `followProcessLogs`). The sessions themselves live on in the server.
   */
  async dispose(): Promise<void> {
    for (const controller of this.subscriptions) controller.abort();
    this.subscriptions.clear();
  }

  /** A controller for one subscription: aborted by `signal`, by its unsubscribe function or by `dispose`. */
  private subscription(signal?: AbortSignal): AbortController {
    const controller = linkedController(signal);
    this.subscriptions.add(controller);
    controller.signal.addEventListener("abort", () => this.subscriptions.delete(controller), { once: true });
    return controller;
  }

  /** Answers a permission request seen by `onPermissionRequest` (or of `sessionId`). */
  async respondPermission(permissionId: string, reply: PermissionReplyKind, sessionId?: string, options: CallOptions = {}): Promise<void> {
    const session = sessionId ?? this.permissionSessions.get(permissionId);
    if (!session) throw new Error(`unknown permission ${permissionId}: pass its session id (permission ids are per session here)`);
    await this.sessions.replyPermission(session, permissionId, { reply }, options);
    this.permissionSessions.delete(permissionId);
  }

  abstract health(options?: CallOptions): Promise<HealthResponse>;

  /** The flat helpers below take `{ signal }` last, like the grouped methods they call. */
  getHealth(options: CallOptions = {}) { return this.health(options); }
  listAgents(query: { config?: boolean; noCache?: boolean } = {}, options: CallOptions = {}) { return this.agents.list({ config: query.config, no_cache: query.noCache }, options); }
  getAgent(agent: string, options: CallOptions = {}) { return this.agents.get(agent, {}, options); }
  installAgent(agent: string, request = {}, options: CallOptions = {}) { return this.agents.install(agent, request, options); }
  listFsEntries(query: { path?: string } = {}, options: CallOptions = {}) { return this.fs.list(query.path, options); }
  readFsFile(query: { path: string }, options: CallOptions = {}) { return this.fs.read(query.path, options); }
  writeFsFile(query: { path: string }, body: FileData, options: CallOptions = {}) { return this.fs.write(query.path, body, options); }
  deleteFsEntry(query: { path: string; recursive?: boolean }, options: CallOptions = {}) { return this.fs.delete(query.path, { recursive: query.recursive }, options); }
  mkdirFs(query: { path: string }, options: CallOptions = {}) { return this.fs.mkdir(query.path, options); }
  moveFs(request: FsMoveRequest, options: CallOptions = {}) { return this.fs.move(request, options); }
  statFs(query: { path: string }, options: CallOptions = {}) { return this.fs.stat(query.path, options); }
  uploadFsBatch(tar: FileData, query: { path?: string } = {}, options: CallOptions = {}) { return this.fs.uploadBatch(tar, query.path, options); }
  createProcess(request: ProcessCreateRequest, options: CallOptions = {}) { return this.processes.start(request, options); }
  runProcess(request: ProcessRunRequest, options: CallOptions = {}) { return this.processes.run(request, options); }
  listProcesses(query: Parameters<Processes["list"]>[0] = {}, options: CallOptions = {}) { return this.processes.list(query, options); }
  getProcess(id: string, options: CallOptions = {}) { return this.processes.get(id, options); }
  stopProcess(id: string, query: { waitMs?: number } = {}, options: CallOptions = {}) { return this.processes.stop(id, query, options); }
  killProcess(id: string, query: { waitMs?: number } = {}, options: CallOptions = {}) { return this.processes.kill(id, query, options); }
  deleteProcess(id: string, options: CallOptions = {}) { return this.processes.delete(id, options); }
  getProcessLogs(id: string, query: LogQuery = {}, options: CallOptions = {}) { return this.processes.logs(id, query, options); }
  sendProcessInput(id: string, request: { data: string; encoding?: "base64" | "utf8" | "text" }, options: CallOptions = {}) {
    return this.processes.input(id, request.encoding === "base64" ? fromBase64(request.data) : request.data, options);
  }
  connectProcessTerminal(id: string, options: CallOptions = {}) { return this.processes.terminal(id, options); }
  startDesktop(request: DesktopStartRequest = {}, options: CallOptions = {}) { return this.desktop.start(request, options); }
  stopDesktop(options: CallOptions = {}) { return this.desktop.stop(options); }
  getDesktopStatus(options: CallOptions = {}) { return this.desktop.status(options); }
  async takeDesktopScreenshot(query: ScreenshotOptions = {}, options: CallOptions = {}): Promise<Uint8Array> { return (await this.desktop.screenshot(query, options)).bytes; }
  async takeDesktopRegionScreenshot(query: Parameters<Desktop["screenshotRegion"]>[0], options: CallOptions = {}): Promise<Uint8Array> { return (await this.desktop.screenshotRegion(query, options)).bytes; }
  getDesktopMousePosition(options: CallOptions = {}) { return this.desktop.mousePosition(options); }
  moveDesktopMouse(request: Parameters<Desktop["move"]>[0], options: CallOptions = {}) { return this.desktop.move(request, options); }
  clickDesktop(request: DesktopMouseClickRequest, options: CallOptions = {}) { return this.desktop.click(request, options); }
  mouseDownDesktop(request: Parameters<Desktop["mouseDown"]>[0] = {}, options: CallOptions = {}) { return this.desktop.mouseDown(request, options); }
  mouseUpDesktop(request: Parameters<Desktop["mouseUp"]>[0] = {}, options: CallOptions = {}) { return this.desktop.mouseUp(request, options); }
  dragDesktopMouse(request: Parameters<Desktop["drag"]>[0], options: CallOptions = {}) { return this.desktop.drag(request, options); }
  scrollDesktop(request: Parameters<Desktop["scroll"]>[0], options: CallOptions = {}) { return this.desktop.scroll(request, options); }
  typeDesktopText(request: DesktopKeyboardTypeRequest, options: CallOptions = {}) { return this.desktop.type(request, options); }
  pressDesktopKey(request: Parameters<Desktop["press"]>[0], options: CallOptions = {}) { return this.desktop.press(request, options); }
  keyDownDesktop(request: Parameters<Desktop["keyDown"]>[0], options: CallOptions = {}) { return this.desktop.keyDown(request, options); }
  keyUpDesktop(request: Parameters<Desktop["keyUp"]>[0], options: CallOptions = {}) { return this.desktop.keyUp(request, options); }
  getDesktopDisplayInfo(options: CallOptions = {}) { return this.desktop.displayInfo(options); }
  listDesktopWindows(options: CallOptions = {}) { return this.desktop.windows(options); }
  getDesktopFocusedWindow(options: CallOptions = {}) { return this.desktop.focusedWindow(options); }
  focusDesktopWindow(id: string, options: CallOptions = {}) { return this.desktop.focusWindow(id, options); }
  moveDesktopWindow(id: string, request: Parameters<Desktop["moveWindow"]>[1], options: CallOptions = {}) { return this.desktop.moveWindow(id, request, options); }
  resizeDesktopWindow(id: string, request: Parameters<Desktop["resizeWindow"]>[1], options: CallOptions = {}) { return this.desktop.resizeWindow(id, request, options); }
  getDesktopClipboard(query: Parameters<Desktop["clipboard"]>[0] = {}, options: CallOptions = {}) { return this.desktop.clipboard(query, options); }
  setDesktopClipboard(request: Parameters<Desktop["setClipboard"]>[0], options: CallOptions = {}) { return this.desktop.setClipboard(request, options); }
  launchDesktopApp(request: Parameters<Desktop["launch"]>[0], options: CallOptions = {}) { return this.desktop.launch(request, options); }
  openDesktopTarget(request: Parameters<Desktop["open"]>[0], options: CallOptions = {}) { return this.desktop.open(request, options); }
  getSessionScreenshot(sessionId: string, screenshotId: string, options: CallOptions = {}) { return this.sessions.screenshot(sessionId, screenshotId, options); }
  setSessionMode(sessionId: string, modeId: string, options: CallOptions = {}) { return this.sessions.setMode(sessionId, modeId, options); }
  setSessionConfigOption(sessionId: string, configId: string, value: string, options: CallOptions = {}) { return this.sessions.setConfig(sessionId, configId, value, options); }
  getProcessConfig(options: CallOptions = {}) { return this.processes.config(options); }
  setProcessConfig(config: Parameters<Processes["setConfig"]>[0], options: CallOptions = {}) { return this.processes.setConfig(config, options); }
  listAcpServers(options: CallOptions = {}) { return this.acp.list(options); }
  getMcpConfig(query: { directory: string; mcpName: string }, options: CallOptions = {}) { return this.config.getMcp(query.directory, query.mcpName, options); }
  setMcpConfig(query: { directory: string; mcpName: string }, config: McpServerConfig, options: CallOptions = {}) { return this.config.setMcp(query.directory, query.mcpName, config, options); }
  deleteMcpConfig(query: { directory: string; mcpName: string }, options: CallOptions = {}) { return this.config.deleteMcp(query.directory, query.mcpName, options); }
  getSkillsConfig(query: { directory: string; skillName: string }, options: CallOptions = {}) { return this.config.getSkills(query.directory, query.skillName, options); }
  setSkillsConfig(query: { directory: string; skillName: string }, config: SkillsConfig, options: CallOptions = {}) { return this.config.setSkills(query.directory, query.skillName, config, options); }
  deleteSkillsConfig(query: { directory: string; skillName: string }, options: CallOptions = {}) { return this.config.deleteSkills(query.directory, query.skillName, options); }
  resizeProcessTerminal(id: string, size: Parameters<Processes["resize"]>[1], options: CallOptions = {}) { return this.processes.resize(id, size, options); }

  /** Calls `listener` with each log entry (buffered, then live) until `close()`, `signal` or the process exits. */
  followProcessLogs(id: string, listener: (entry: ProcessLogEntry) => void, query: LogQuery = {}, options: CallOptions = {}): { close(): void; closed: Promise<void> } {
    const controller = this.subscription(options.signal);
    const closed = (async () => {
      try {
        for await (const item of this.processes.followLogs(id, query, { signal: controller.signal })) {
          if (item.type === "log") listener(item.entry);
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      }
    })();
    return { close: () => controller.abort(), closed };
  }
}

