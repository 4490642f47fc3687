// A computer-use loop in 40 lines: the model's `computer` actions run on the sandbox-agent desktop
// through POST /v1/desktop/computer-use/anthropic; each answer (the settled screen) goes back as the
// tool_result. With ANTHROPIC_API_KEY it asks Claude; without, a scripted stub model acts.
//   SANDBOX_AGENT_URL=… SANDBOX_AGENT_TOKEN=… ANTHROPIC_API_KEY=… node computer-use-loop.js "Open a terminal"
import { SandboxAgent } from "@sandbox-agent/sdk";

type Block = { type: string; id?: string; name?: string; input?: Record<string, unknown>; text?: string };
type Message = { role: "user" | "assistant"; content: string | Block[] | Record<string, unknown>[] };
type Model = (messages: Message[], tools: unknown[]) => Promise<Block[]>;

const claude: Model = async (messages, tools) => {
  const response = await fetch("https://api.anthropic.com/v1/messages", { method: "POST", headers: { "content-type": "application/json",
    "x-api-key": process.env.ANTHROPIC_API_KEY!, "anthropic-version": "2023-06-01", "anthropic-beta": "computer-use-2025-01-24" },
    body: JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 1024, tools, messages }) });
  return (await response.json()).content;
};
const script = [{ action: "screenshot" }, { action: "left_click", coordinate: [640, 400] }, { action: "type", text: "hello" }];
const stub: Model = async (messages) => {
  const step = messages.filter((m) => m.role === "assistant").length;
  return step < script.length ? [{ type: "tool_use", id: `call_${step}`, name: "computer", input: script[step] }] : [{ type: "text", text: "Done." }];
};

const sdk = await SandboxAgent.connect({ baseUrl: process.env.SANDBOX_AGENT_URL ?? "http://127.0.0.1:2468", token: process.env.SANDBOX_AGENT_TOKEN });
if ((await sdk.desktop.status()).state !== "active") await sdk.desktop.start();
const size = { width: 1280, height: 800 };
const tool = await sdk.desktop.computerUseTool("anthropic", size);
const model = process.env.ANTHROPIC_API_KEY ? claude : stub;
const messages: Message[] = [{ role: "user", content: process.argv[2] ?? "Click the middle of the screen and type hello." }];
for (let turn = 0; turn < 30; turn++) {
  const reply = await model(messages, [tool]);
  messages.push({ role: "assistant", content: reply });
  const calls = reply.filter((block) => block.type === "tool_use");
  if (calls.length === 0) { console.log(reply.map((block) => block.text ?? "").join("")); break; }
  const results = [];
  for (const call of calls) {
    console.log("action:", JSON.stringify(call.input));
    const { content } = await sdk.desktop.computerUse("anthropic", call.input!, size);
    results.push({ type: "tool_result", tool_use_id: call.id, content });
  }
  messages.push({ role: "user", content: results });
}
