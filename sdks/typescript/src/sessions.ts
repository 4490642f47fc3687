import type {
  AcpContentBlock, PermissionListResponse, PermissionReplyRequest, PermissionReplyResponse, PermissionRequest,
  Question, QuestionAnswerRequest, QuestionListResponse, QuestionResolution, Session, SessionConfigResponse,
  SessionCreateRequest, SessionEvent, SessionEventsResponse, SessionListResponse, SessionPromptAccepted,
  SessionPromptResponse,
} from "./generated/schemas.js";
import { linkedController, type CallOptions, type Transport } from "./http.js";
import { sessionEvents, type EventStreamOptions } from "./events.js";

/** A prompt: plain text or ACP content blocks. */
export type Prompt = string | AcpContentBlock[];

/** What a permission handler answers: a reply kind, an option id, or nothing to leave it pending. */
export type PermissionAnswer = PermissionReplyRequest | undefined | void;

/** What a question handler answers: the request body, or nothing to leave it pending. */
export type QuestionAnswer = QuestionAnswerRequest | undefined | void;

/** Sessions, their transcript, permissions and questions (`/v1/sessions`). */
export class Sessions {
  constructor(private readonly transport: Transport) {}

  create(request: SessionCreateRequest, options: CallOptions = {}): Promise<Session> {
    return this.transport.json("createSession", { json: request, ...options });
  }

  list(query: { cursor?: string; limit?: number } = {}, options: CallOptions = {}): Promise<SessionListResponse> {
    return this.transport.json("listSessions", { query, ...options });
  }

  get(id: string, options: CallOptions = {}): Promise<Session> {
    return this.transport.json("getSession", { params: { id }, ...options });
  }

  /** Ends the session (the transcript is kept). */
  delete(id: string, options: CallOptions = {}): Promise<Session> {
    return this.transport.json("deleteSession", { params: { id }, ...options });
  }

  /** Starts the agent of an ended session again, with its transcript and ids. */
  resume(id: string, options: CallOptions = {}): Promise<Session> {
    return this.transport.json("resumeSession", { params: { id }, ...options });
  }

  /** Runs one turn and waits for its stop reason. */
  prompt(id: string, prompt: Prompt, options: CallOptions = {}): Promise<SessionPromptResponse> {
    return this.transport.json("promptSession", { params: { id }, json: { prompt }, ...options });
  }

  /** Starts a turn and returns at once (`202 accepted`); follow it with `stream`. */
  startPrompt(id: string, prompt: Prompt, options: CallOptions = {}): Promise<SessionPromptAccepted> {
    return this.transport.json("promptSession", { params: { id }, query: { wait: false }, json: { prompt }, ...options });
  }

  /** Cancels the running turn. */
  cancel(id: string, options: CallOptions = {}): Promise<Session> {
    return this.transport.json("cancelSession", { params: { id }, ...options });
  }

  setMode(id: string, modeId: string, options: CallOptions = {}): Promise<Session> {
    return this.transport.json("setSessionMode", { params: { id }, json: { modeId }, ...options });
  }

  setConfig(id: string, configId: string, value: string, options: CallOptions = {}): Promise<SessionConfigResponse> {
    return this.transport.json("setSessionConfigOption", { params: { id }, json: { configId, value }, ...options });
  }

  /** One page of the transcript from `offset`. */
  events(id: string, query: { offset?: number; limit?: number } = {}, options: CallOptions = {}): Promise<SessionEventsResponse> {
    return this.transport.json("listSessionEvents", { params: { id }, query, ...options });
  }

  /** The transcript from `offset`, then live events; resumes after disconnects (see `EventStreamOptions`). */
  stream(id: string, options: EventStreamOptions = {}): AsyncGenerator<SessionEvent> {
    return sessionEvents(this.transport, id, options);
  }

  permissions(id: string, options: CallOptions = {}): Promise<PermissionListResponse> {
    return this.transport.json("listSessionPermissions", { params: { id }, ...options });
  }

  replyPermission(id: string, permissionId: string, reply: PermissionReplyRequest, options: CallOptions = {}): Promise<PermissionReplyResponse> {
    return this.transport.json("replySessionPermission", { params: { id, permissionId }, json: reply, ...options });
  }

  questions(id: string, options: CallOptions = {}): Promise<QuestionListResponse> {
    return this.transport.json("listSessionQuestions", { params: { id }, ...options });
  }

  answerQuestion(id: string, questionId: string, answer: QuestionAnswerRequest, options: CallOptions = {}): Promise<QuestionResolution> {
    return this.transport.json("answerSessionQuestion", { params: { id, questionId }, json: answer, ...options });
  }

  /**
   * Calls `handler` for every permission request of the session (pending ones first, then new
   * ones as the agent asks) and sends its answer. Returns a function that stops watching.
   */
  onPermission(id: string, handler: (request: PermissionRequest) => PermissionAnswer | Promise<PermissionAnswer>, options: WatchOptions = {}): () => void {
    return this.watch(id, options, {
      matches: (event) => event.sender === "agent" && event.payload.method === "session/request_permission",
      pending: async () => (await this.permissions(id)).permissions.map((request) => ({ key: request.permissionId, item: request })),
      answer: async (request) => {
        const reply = await handler(request);
        if (reply) await this.replyPermission(id, request.permissionId, reply);
      },
    });
  }

  /** Calls `handler` for every question of the session and sends its answer; returns an unsubscribe function. */
  onQuestion(id: string, handler: (question: Question) => QuestionAnswer | Promise<QuestionAnswer>, options: WatchOptions = {}): () => void {
    return this.watch(id, options, {
      matches: (event) => event.sender === "server" && event.payload.method === "_sandboxagent/question/requested",
      pending: async () => (await this.questions(id)).questions.map((question) => ({ key: question.id, item: question })),
      answer: async (question) => {
        const reply = await handler(question);
        if (reply) await this.answerQuestion(id, question.id, reply);
      },
    });
  }

  /** Answers what `pending` lists now, then again whenever a matching event arrives, until unsubscribed. */
  private watch<T>(id: string, options: WatchOptions, watched: Watched<T>): () => void {
    const controller = linkedController(options.signal);
    const seen = new Set<string>();
    const report = options.onError ?? ((error: unknown) => console.error("sandbox-agent handler:", error));
    const sweep = async () => {
      for (const { key, item } of await watched.pending()) {
        if (seen.has(key)) continue;
        seen.add(key);
        await watched.answer(item);
      }
    };
    const run = () => sweep().catch((error) => { if (!controller.signal.aborted) report(error); });
    (async () => {
      const offset = await this.endOffset(id, { signal: controller.signal });
      await run();
      for await (const event of this.stream(id, { offset, signal: controller.signal })) {
        if (watched.matches(event)) await run();
      }
    })().catch((error) => { if (!controller.signal.aborted) report(error); });
    return () => controller.abort();
  }

  /**
   * The image of a desktop action recorded in the session: `screenshotId` is the last part of the
   * `screenshot.path` of its `_sandboxagent/desktop/action` event (the bytes the agent or client got).
   */
  async screenshot(id: string, screenshotId: string, options: CallOptions = {}): Promise<Uint8Array> {
    const response = await this.transport.send("getSessionScreenshot", { params: { id, screenshotId }, ...options });
    return new Uint8Array(await response.arrayBuffer());
  }

  /** The `eventIndex` the session's next event will have (its number of events so far). */
  async endOffset(id: string, options: CallOptions = {}): Promise<number> {
    let offset = 0;
    for (;;) {
      const page = await this.events(id, { offset, limit: 1000 }, options);
      if (page.items.length === 0) return offset;
      offset = page.nextOffset;
    }
  }
}

/** Options of `onPermission` / `onQuestion`. */
export interface WatchOptions {
  /** Stops watching, like calling the returned function. */
  signal?: AbortSignal;
  /** Receives errors of the handler or of the requests (default: `console.error`). */
  onError?: (error: unknown) => void;
}

/** What `watch` follows: which events announce new items, how to list them, how to answer one. */
interface Watched<T> {
  matches: (event: SessionEvent) => boolean;
  pending: () => Promise<{ key: string; item: T }[]>;
  answer: (item: T) => Promise<void>;
}
