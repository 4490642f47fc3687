"""Run a coding agent and approve its tools: commands on an allow-list are approved once, anything
else is rejected. SANDBOX_AGENT_URL, SANDBOX_AGENT_TOKEN, AGENT (default: the built-in mock agent,
whose /permission asks to run a command) and PROMPT set what runs."""
import os

from sandbox_agent import SandboxAgent

ALLOWED = ["echo", "ls", "cat", "git status"]


def decide(request):
    command = str((request["toolCall"].get("rawInput") or {}).get("command", ""))
    approve = any(command == p or command.startswith(p + " ") for p in ALLOWED)
    print(f"[permission] {request['toolCall'].get('title', command)} -> {'approved' if approve else 'rejected'}")
    return "once" if approve else "reject"


with SandboxAgent(os.environ.get("SANDBOX_AGENT_URL", "http://127.0.0.1:2468"), token=os.environ.get("SANDBOX_AGENT_TOKEN")) as sdk:
    session = sdk.sessions.create(os.environ.get("AGENT", "mock"), cwd=os.getcwd())
    prompts = [os.environ["PROMPT"]] if "PROMPT" in os.environ else ["/permission echo hello", "/permission rm -rf /"]
    for prompt in prompts:
        sdk.sessions.start_prompt(session["id"], prompt)
        sdk.sessions.handle_permissions(session["id"], decide)  # returns when the turn has ended
        print("[turn ended]")
    for event in sdk.sessions.events(session["id"], limit=1000)["items"]:
        update = (event["payload"].get("params") or {}).get("update") or {}
        if update.get("sessionUpdate") == "agent_message_chunk":
            print(update["content"]["text"], end="")
    print()
    sdk.sessions.delete(session["id"])
