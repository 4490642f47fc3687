import type { HealthResponse } from "./generated/schemas.js";
import { Transport, type CallOptions, type ConnectOptions } from "./http.js";
import { UpstreamCompatibility, buildInspectorUrl } from "./compat.js";
import { Sessions } from "./sessions.js";
import { Files } from "./files.js";
import { Processes } from "./processes.js";
import { Desktop } from "./desktop.js";
import { AcpRelay, Agents, DirectoryConfig } from "./services.js";

/**
 * A client of one sandbox-agent server. The API is grouped (`sessions`, `fs`, `processes`,
 * `desktop`, `agents`, `acp`, `config`); upstream's flat names are there too (`createSession`, …).
 */
export class SandboxAgent extends UpstreamCompatibility {
  readonly transport: Transport;
  readonly sessions: Sessions;
  readonly fs: Files;
  readonly processes: Processes;
  readonly desktop: Desktop;
  readonly agents: Agents;
  readonly acp: AcpRelay;
  readonly config: DirectoryConfig;

  constructor(options: ConnectOptions) {
    super();
    this.transport = new Transport(options);
    this.sessions = new Sessions(this.transport);
    this.fs = new Files(this.transport);
    this.processes = new Processes(this.transport);
    this.desktop = new Desktop(this.transport);
    this.agents = new Agents(this.transport);
    this.acp = new AcpRelay(this.transport);
    this.config = new DirectoryConfig(this.transport);
  }

  /** A client after one successful `GET /v1/health` (so a wrong URL or token fails here). */
  static async connect(options: ConnectOptions & CallOptions): Promise<SandboxAgent> {
    const client = new SandboxAgent(options);
    await client.health({ signal: options.signal });
    return client;
  }

  /** The Inspector (the server's web UI) with this client's token, as upstream's `sdk.inspectorUrl`. */
  get inspectorUrl(): string {
    return buildInspectorUrl({ baseUrl: this.transport.baseUrl, token: this.transport.token });
  }

  health(options: CallOptions = {}): Promise<HealthResponse> {
    return this.transport.json("getHealth", options);
  }
}
