"""docs/ARCHITECTURE.md tells the truth about the modules: its module graph lists exactly the
targets of Package.swift and each target's dependencies on other targets of the package, and the
wire-type module stays free of NIO and of the process and file-system runtimes."""
import re

from conftest import ROOT


def package_graph():
    """{target: set of package targets it depends on}, read from Package.swift."""
    text = (ROOT / "Package.swift").read_text()
    # Top-level declarations only (8 spaces in): `.target(name: …, condition: …)` also appears
    # inside dependency lists, for a dependency that depends on a package trait.
    starts = [match.start(1) for match in re.finditer(r"^ {8}(\.(?:executableTarget|target|testTarget)\()", text, re.M)]
    graph = {}
    for index, start in enumerate(starts):
        block = text[start:starts[index + 1] if index + 1 < len(starts) else len(text)]
        kind = block[1:block.index("(")]
        name = re.search(r'name:\s*"([^"]+)"', block).group(1)
        if kind == "testTarget":
            continue
        dependencies = re.search(r"dependencies:\s*\[(.*?)\]\s*[,)]", block, re.S)
        listed = dependencies.group(1) if dependencies else ""
        listed = re.sub(r"\.product\([^)]*\)", "", listed)
        graph[name] = set(re.findall(r'"([^"]+)"', listed))
    return graph


def documented_graph():
    """{target: set of dependencies} from the `Module graph` block of docs/ARCHITECTURE.md
    (`Target → A, B` lines; `—` for none)."""
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    block = re.search(r"## Module graph\n.*?```\n(.*?)```", text, re.S)
    assert block, "docs/ARCHITECTURE.md has no `## Module graph` section with a code block"
    graph = {}
    for line in block.group(1).splitlines():
        if not line.strip():
            continue
        name, _, rest = line.partition("→")
        rest = rest.strip()
        graph[name.strip()] = set() if rest == "—" else {part.strip() for part in rest.split(",")}
    return graph


def test_module_graph_matches_package_swift():
    package, documented = package_graph(), documented_graph()
    assert set(documented) == set(package), (
        f"targets only in Package.swift: {sorted(set(package) - set(documented))}; "
        f"only in the doc: {sorted(set(documented) - set(package))}")
    for name, dependencies in package.items():
        assert documented[name] == dependencies, f"{name}: Package.swift {sorted(dependencies)}, doc {sorted(documented[name])}"


def test_wire_types_need_no_runtime():
    graph = package_graph()
    assert graph["SandboxAgentAPI"] <= {"ACP"}, graph["SandboxAgentAPI"]
    assert not graph["SandboxAgentClient"] & {"ProcessRuntime", "FileSystem", "AgentSessions", "SandboxAgentServer"}
    imports = set()
    for path in (ROOT / "Sources" / "SandboxAgentAPI").rglob("*.swift"):
        imports |= set(re.findall(r"^(?:public |@_exported public )?import (\w+)", path.read_text(), re.M))
    assert imports <= {"ACP", "Foundation"}, imports
    for path in (ROOT / "Sources" / "SandboxAgentClient").rglob("*.swift"):
        found = re.findall(r"^(?:public )?import (ProcessRuntime|FileSystem|AgentSessions)\b", path.read_text(), re.M)
        assert not found, f"{path.name} imports {found}"
