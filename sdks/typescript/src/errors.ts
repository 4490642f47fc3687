import type { ProblemDetails } from "./generated/schemas.js";

/**
 * An error answer of the server (RFC 9457 problem details). `code` is the last part of `type`
 * (`urn:sandbox-agent:error:<code>`); `field` is set by errors about one request field.
 */
export class SandboxAgentError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly code: string;
  readonly field?: string;
  /** The whole problem body, extension members included. */
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.name = "SandboxAgentError";
    this.problem = problem;
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.code = problem.type.split(":").pop() ?? problem.type;
    if (typeof problem.field === "string") this.field = problem.field;
  }

  /** The error of a non-2xx response: its problem body, or one made from the status line. */
  static async fromResponse(response: Response): Promise<SandboxAgentError> {
    const text = await response.text().catch(() => "");
    try {
      const body = JSON.parse(text);
      if (body && typeof body === "object" && typeof body.type === "string") {
        return new SandboxAgentError({ status: response.status, title: "", detail: "", ...body });
      }
    } catch {
      // Not JSON: described from the status line below.
    }
    return new SandboxAgentError({
      type: "urn:sandbox-agent:error:http_" + response.status,
      title: response.statusText || `HTTP ${response.status}`,
      status: response.status,
      detail: text.slice(0, 500),
    });
  }
}
