import type {
  AcpContentBlock, AcpMcpServer, DesktopMouseClickRequest, DesktopKeyboardTypeRequest, DesktopStartRequest,
  FsMoveRequest, HealthResponse, McpServerConfig, ProcessLogEntry, SkillsConfig, PermissionReplyKind, PermissionRequest, ProcessCreateRequest, ProcessRunRequest, Session,
  SessionEvent, SessionPromptResponse,
} from "./generated/schemas.js";
import type { CallOptions } from "./http.js";
import type { AcpRelay, Agents, DirectoryConfig } from "./services.js";
import { fromBase64 } from "./base64.js";
import type { Desktop, ScreenshotOptions } from "./desktop.js";
import type { Files, FileData } from "./files.js";
import type { LogQuery, Processes } from "./processes.js";
import type { Sessions } from "./sessions.js";

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

  constructor(private readonly sdk: UpstreamCompatibility, record: Session) {
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

  /** Calls `listener` for each new event of the session; returns the unsubscribe function. */
  onEvent(listener: (event: SessionEvent) => void): () => void {
    return this.sdk.onSessionEvent(this.id, listener);
  }

  onPermissionRequest(listener: (request: PermissionRequest) => void): () => void {
    return this.sdk.onPermissionRequest(this.id, listener);
  }

  respondPermission(permissionId: string, reply: PermissionReplyKind): Promise<void> {
    return this.sdk.respondPermission(permissionId, reply, this.id);
  }

  setMode(modeId: string): Promise<Session> {
    return this.sdk.sessions.setMode(this.id, modeId);
  }

  setConfigOption(configId: string, value: string) {
    return this.sdk.sessions.setConfig(this.id, configId, value);
  }

  /** The server's record of the session. */
  refresh(): Promise<Session> {
    return this.sdk.sessions.get(this.id);
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

  async createSession(options: UpstreamCreateSessionOptions): Promise<UpstreamSession> {
    const record = await this.sessions.create({
      agent: options.agent,
      id: options.id,
      cwd: options.cwd ?? options.sessionInit?.cwd,
      mcpServers: options.sessionInit?.mcpServers,
      model: options.model,
      mode: options.mode,
    });
    return new UpstreamSession(this, record);
  }

  async resumeSession(id: string): Promise<UpstreamSession> {
    return new UpstreamSession(this, await this.sessions.resume(id));
  }

  async getSession(id: string): Promise<UpstreamSession> {
    return new UpstreamSession(this, await this.sessions.get(id));
  }

  async destroySession(id: string): Promise<void> {
    await this.sessions.delete(id);
  }

  async listSessions(query: { cursor?: string; limit?: number } = {}): Promise<{ items: UpstreamSession[]; nextCursor?: string }> {
    const page = await this.sessions.list(query);
    return { items: page.items.map((record) => new UpstreamSession(this, record)), nextCursor: page.nextCursor ?? undefined };
  }

  /** A page of events; `cursor` is the `eventIndex` to start at (as a string), like `nextCursor`. */
  async getEvents(query: { sessionId: string; cursor?: string; limit?: number }): Promise<{ items: SessionEvent[]; nextCursor?: string }> {
    const page = await this.sessions.events(query.sessionId, { offset: query.cursor ? Number(query.cursor) : undefined, limit: query.limit });
    return { items: page.items, nextCursor: page.items.length > 0 ? String(page.nextOffset) : undefined };
  }

  /**
   * New events of a session to `listener`; returns the unsubscribe function. The listener starts
   * where the transcript ends when its length has been read (requested at once, paging through it).
   * `UpstreamSession.prompt` on this client waits for that, so a turn prompted right after
   * subscribing is delivered whole; events other clients cause while the length is read are not
   * (the stream has no "from the end" offset).
   */
  onSessionEvent(sessionId: string, listener: (event: SessionEvent) => void): () => void {
    const controller = new AbortController();
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
  onPermissionRequest(sessionId: string, listener: (request: PermissionRequest) => void): () => void {
    return this.sessions.onPermission(sessionId, (request) => {
      this.permissionSessions.set(request.permissionId, sessionId);
      listener(request);
    });
  }

  /** Answers a permission request seen by `onPermissionRequest` (or of `sessionId`). */
  async respondPermission(permissionId: string, reply: PermissionReplyKind, sessionId?: string): Promise<void> {
    const session = sessionId ?? this.permissionSessions.get(permissionId);
    if (!session) throw new Error(`unknown permission ${permissionId}: pass its session id (permission ids are per session here)`);
    await this.sessions.replyPermission(session, permissionId, { reply });
    this.permissionSessions.delete(permissionId);
  }

  abstract health(options?: CallOptions): Promise<HealthResponse>;

  getHealth() { return this.health(); }
  listAgents(query: { config?: boolean; noCache?: boolean } = {}) { return this.agents.list({ config: query.config, no_cache: query.noCache }); }
  getAgent(agent: string) { return this.agents.get(agent); }
  installAgent(agent: string, request = {}) { return this.agents.install(agent, request); }
  listFsEntries(query: { path?: string } = {}) { return this.fs.list(query.path); }
  readFsFile(query: { path: string }) { return this.fs.read(query.path); }
  writeFsFile(query: { path: string }, body: FileData) { return this.fs.write(query.path, body); }
  deleteFsEntry(query: { path: string; recursive?: boolean }) { return this.fs.delete(query.path, { recursive: query.recursive }); }
  mkdirFs(query: { path: string }) { return this.fs.mkdir(query.path); }
  moveFs(request: FsMoveRequest) { return this.fs.move(request); }
  statFs(query: { path: string }) { return this.fs.stat(query.path); }
  uploadFsBatch(tar: FileData, query: { path?: string } = {}) { return this.fs.uploadBatch(tar, query.path); }
  createProcess(request: ProcessCreateRequest) { return this.processes.start(request); }
  runProcess(request: ProcessRunRequest) { return this.processes.run(request); }
  listProcesses(query = {}) { return this.processes.list(query); }
  getProcess(id: string) { return this.processes.get(id); }
  stopProcess(id: string, query: { waitMs?: number } = {}) { return this.processes.stop(id, query); }
  killProcess(id: string, query: { waitMs?: number } = {}) { return this.processes.kill(id, query); }
  deleteProcess(id: string) { return this.processes.delete(id); }
  getProcessLogs(id: string, query: LogQuery = {}) { return this.processes.logs(id, query); }
  sendProcessInput(id: string, request: { data: string; encoding?: "base64" | "utf8" | "text" }) {
    return this.processes.input(id, request.encoding === "base64" ? fromBase64(request.data) : request.data);
  }
  connectProcessTerminal(id: string) { return this.processes.terminal(id); }
  startDesktop(request: DesktopStartRequest = {}) { return this.desktop.start(request); }
  stopDesktop() { return this.desktop.stop(); }
  getDesktopStatus() { return this.desktop.status(); }
  async takeDesktopScreenshot(query: ScreenshotOptions = {}): Promise<Uint8Array> { return (await this.desktop.screenshot(query)).bytes; }
  async takeDesktopRegionScreenshot(query: Parameters<Desktop["screenshotRegion"]>[0]): Promise<Uint8Array> { return (await this.desktop.screenshotRegion(query)).bytes; }
  getDesktopMousePosition() { return this.desktop.mousePosition(); }
  moveDesktopMouse(request: Parameters<Desktop["move"]>[0]) { return this.desktop.move(request); }
  clickDesktop(request: DesktopMouseClickRequest) { return this.desktop.click(request); }
  mouseDownDesktop(request: Parameters<Desktop["mouseDown"]>[0] = {}) { return this.desktop.mouseDown(request); }
  mouseUpDesktop(request: Parameters<Desktop["mouseUp"]>[0] = {}) { return this.desktop.mouseUp(request); }
  dragDesktopMouse(request: Parameters<Desktop["drag"]>[0]) { return this.desktop.drag(request); }
  scrollDesktop(request: Parameters<Desktop["scroll"]>[0]) { return this.desktop.scroll(request); }
  typeDesktopText(request: DesktopKeyboardTypeRequest) { return this.desktop.type(request); }
  pressDesktopKey(request: Parameters<Desktop["press"]>[0]) { return this.desktop.press(request); }
  keyDownDesktop(request: Parameters<Desktop["keyDown"]>[0]) { return this.desktop.keyDown(request); }
  keyUpDesktop(request: Parameters<Desktop["keyUp"]>[0]) { return this.desktop.keyUp(request); }
  getDesktopDisplayInfo() { return this.desktop.displayInfo(); }
  listDesktopWindows() { return this.desktop.windows(); }
  getDesktopFocusedWindow() { return this.desktop.focusedWindow(); }
  focusDesktopWindow(id: string) { return this.desktop.focusWindow(id); }
  moveDesktopWindow(id: string, request: Parameters<Desktop["moveWindow"]>[1]) { return this.desktop.moveWindow(id, request); }
  resizeDesktopWindow(id: string, request: Parameters<Desktop["resizeWindow"]>[1]) { return this.desktop.resizeWindow(id, request); }
  getDesktopClipboard(query: Parameters<Desktop["clipboard"]>[0] = {}) { return this.desktop.clipboard(query); }
  setDesktopClipboard(request: Parameters<Desktop["setClipboard"]>[0]) { return this.desktop.setClipboard(request); }
  launchDesktopApp(request: Parameters<Desktop["launch"]>[0]) { return this.desktop.launch(request); }
  openDesktopTarget(request: Parameters<Desktop["open"]>[0]) { return this.desktop.open(request); }
  setSessionMode(sessionId: string, modeId: string) { return this.sessions.setMode(sessionId, modeId); }
  setSessionConfigOption(sessionId: string, configId: string, value: string) { return this.sessions.setConfig(sessionId, configId, value); }
  getProcessConfig() { return this.processes.config(); }
  setProcessConfig(config: Parameters<Processes["setConfig"]>[0]) { return this.processes.setConfig(config); }
  listAcpServers() { return this.acp.list(); }
  getMcpConfig(query: { directory: string; mcpName: string }) { return this.config.getMcp(query.directory, query.mcpName); }
  setMcpConfig(query: { directory: string; mcpName: string }, config: McpServerConfig) { return this.config.setMcp(query.directory, query.mcpName, config); }
  deleteMcpConfig(query: { directory: string; mcpName: string }) { return this.config.deleteMcp(query.directory, query.mcpName); }
  getSkillsConfig(query: { directory: string; skillName: string }) { return this.config.getSkills(query.directory, query.skillName); }
  setSkillsConfig(query: { directory: string; skillName: string }, config: SkillsConfig) { return this.config.setSkills(query.directory, query.skillName, config); }
  deleteSkillsConfig(query: { directory: string; skillName: string }) { return this.config.deleteSkills(query.directory, query.skillName); }
  resizeProcessTerminal(id: string, size: Parameters<Processes["resize"]>[1]) { return this.processes.resize(id, size); }

  /** Calls `listener` with each log entry (buffered, then live) until `close()` or the process exits. */
  followProcessLogs(id: string, listener: (entry: ProcessLogEntry) => void, query: LogQuery = {}): { close(): void; closed: Promise<void> } {
    const controller = new AbortController();
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
