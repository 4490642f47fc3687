import { SandboxAgentError } from "./errors.js";
import type {
  AcpEnvelope, AcpServerListResponse, AgentInfo, AgentInstallProgress, AgentInstallRequest, AgentInstallResponse, AgentListResponse,
  JsonRpcMessage, McpServerConfig, ProblemDetails, SkillsConfig,
} from "./generated/schemas.js";
import type { CallOptions, Transport } from "./http.js";
import { parseServerSentEvents } from "./sse.js";

/** Agents the server can run (`/v1/agents`). */
export class Agents {
  constructor(private readonly transport: Transport) {}

  list(query: { config?: boolean; no_cache?: boolean } = {}, options: CallOptions = {}): Promise<AgentListResponse> {
    return this.transport.json("get_v1_agents", { query, ...options });
  }

  get(agent: string, query: { config?: boolean; no_cache?: boolean } = {}, options: CallOptions = {}): Promise<AgentInfo> {
    return this.transport.json("get_v1_agent", { params: { agent }, query, ...options });
  }

  /**
   * Installs the agent. With `onProgress`, the server streams the install's steps (resolving,
   * downloading with bytes, unpacking) and each is handed to it before the result arrives.
   */
  async install(
    agent: string, request: AgentInstallRequest = {}, options: CallOptions & { onProgress?: (step: AgentInstallProgress) => void } = {},
  ): Promise<AgentInstallResponse> {
    const { onProgress, ...call } = options;
    if (!onProgress) return this.transport.json("post_v1_agent_install", { params: { agent }, json: request, ...call });
    const response = await this.transport.send("post_v1_agent_install", {
      params: { agent }, json: request, headers: { Accept: "text/event-stream" }, ...call,
    });
    for await (const event of parseServerSentEvents(response.body!, call.signal)) {
      if (event.event === "progress") onProgress(JSON.parse(event.data) as AgentInstallProgress);
      else if (event.event === "result") return JSON.parse(event.data) as AgentInstallResponse;
      else if (event.event === "error") throw new SandboxAgentError(JSON.parse(event.data) as ProblemDetails);
    }
    throw new SandboxAgentError({
      type: "urn:sandbox-agent:error:stream_ended", title: "Stream ended", status: 0,
      detail: `the install stream of ${agent} ended without a result`,
    });
  }
}

/** The raw ACP relay (`/v1/acp/{server_id}`): JSON-RPC envelopes to and from one agent process. */
export class AcpRelay {
  constructor(private readonly transport: Transport) {}

  list(options: CallOptions = {}): Promise<AcpServerListResponse> {
    return this.transport.json("listAcpServers", options);
  }

  /** Sends one envelope; a request gets its response, a notification or response `undefined` (202). */
  async send(serverId: string, envelope: AcpEnvelope, query: { agent?: string } = {}, options: CallOptions = {}): Promise<JsonRpcMessage | undefined> {
    const response = await this.transport.send("postAcpMessage", { params: { server_id: serverId }, query, json: envelope, ...options });
    return response.status === 202 ? undefined : ((await response.json()) as JsonRpcMessage);
  }

  /** What the agent sends (requests and notifications), as it comes; resumes from `lastEventId`. */
  async *stream(serverId: string, query: { lastEventId?: string } = {}, options: CallOptions = {}): AsyncGenerator<JsonRpcMessage> {
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (query.lastEventId !== undefined) headers["Last-Event-ID"] = query.lastEventId;
    const response = await this.transport.send("streamAcpMessages", { params: { server_id: serverId }, headers, ...options });
    for await (const event of parseServerSentEvents(response.body!, options.signal)) yield JSON.parse(event.data) as JsonRpcMessage;
  }

  /** Stops the agent process of the relay. */
  close(serverId: string, options: CallOptions = {}): Promise<void> {
    return this.transport.json("deleteAcpServer", { params: { server_id: serverId }, ...options });
  }
}

/** Per-directory MCP servers and skills (`/v1/config`). */
export class DirectoryConfig {
  constructor(private readonly transport: Transport) {}

  getMcp(directory: string, mcpName: string, options: CallOptions = {}): Promise<McpServerConfig> {
    return this.transport.json("getMcpConfig", { query: { directory, mcpName }, ...options });
  }

  setMcp(directory: string, mcpName: string, config: McpServerConfig, options: CallOptions = {}): Promise<void> {
    return this.transport.json("setMcpConfig", { query: { directory, mcpName }, json: config, ...options });
  }

  deleteMcp(directory: string, mcpName: string, options: CallOptions = {}): Promise<void> {
    return this.transport.json("deleteMcpConfig", { query: { directory, mcpName }, ...options });
  }

  getSkills(directory: string, skillName: string, options: CallOptions = {}): Promise<SkillsConfig> {
    return this.transport.json("getSkillsConfig", { query: { directory, skillName }, ...options });
  }

  setSkills(directory: string, skillName: string, config: SkillsConfig, options: CallOptions = {}): Promise<void> {
    return this.transport.json("setSkillsConfig", { query: { directory, skillName }, json: config, ...options });
  }

  deleteSkills(directory: string, skillName: string, options: CallOptions = {}): Promise<void> {
    return this.transport.json("deleteSkillsConfig", { query: { directory, skillName }, ...options });
  }
}
