// Run a coding agent and approve its tools: commands on an allow-list are approved once,
// anything else is rejected. The agent's text is printed as it streams.
//   SANDBOX_AGENT_URL=http://127.0.0.1:2468 SANDBOX_AGENT_TOKEN=… AGENT=claude PROMPT="…" node approve-tools.js
// Without AGENT and PROMPT it runs the built-in mock agent, whose /permission asks to run a command.
import { SandboxAgent } from "@sandbox-agent/sdk";

const allowed = ["echo", "ls", "cat", "git status"];
const sdk = await SandboxAgent.connect({ baseUrl: process.env.SANDBOX_AGENT_URL ?? "http://127.0.0.1:2468", token: process.env.SANDBOX_AGENT_TOKEN });
const session = await sdk.sessions.create({ agent: process.env.AGENT ?? "mock", cwd: process.cwd() });

const stopApproving = sdk.sessions.onPermission(session.id, (request) => {
  const command = String((request.toolCall.rawInput as { command?: string } | undefined)?.command ?? "");
  const approve = allowed.some((prefix) => command === prefix || command.startsWith(prefix + " "));
  console.log(`[permission] ${request.toolCall.title ?? command} -> ${approve ? "approved" : "rejected"}`);
  return { reply: approve ? "once" : "reject" };
});

// The agent's text as it streams, and the end of each turn as the transcript records it: a turn
// is over for this program once the stream has shown all of it (prompt() can answer first).
const done = new AbortController();
let turnEnded: (() => void) | undefined;
const printing = (async () => {
  for await (const event of sdk.sessions.stream(session.id, { signal: done.signal })) {
    const payload = event.payload as {
      params?: { update?: { sessionUpdate?: string; content?: { text?: string } } };
      result?: { stopReason?: string };
    };
    const update = payload.params?.update;
    if (update?.sessionUpdate === "agent_message_chunk") process.stdout.write(update.content?.text ?? "");
    if (event.sender === "agent" && payload.result?.stopReason) {
      console.log(`\n[turn ended: ${payload.result.stopReason}]`);
      turnEnded?.();
    }
  }
})().catch((error) => { if (!done.signal.aborted) throw error; });

for (const prompt of process.env.PROMPT ? [process.env.PROMPT] : ["/permission echo hello", "/permission rm -rf /"]) {
  const shown = new Promise<void>((resolve) => { turnEnded = resolve; });
  await sdk.sessions.prompt(session.id, prompt);
  await shown;
}
stopApproving();
done.abort();
await printing;
await sdk.sessions.delete(session.id);
