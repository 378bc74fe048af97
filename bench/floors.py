"""Import floors: for a command, the third-party modules the project's own code imports, found by running
the installed command under `python -X importtime`, and the `python -c "import ..."` that imports just
those. The floor is what the command cannot do without apart from the project's own code (the JSON path's
floor imports click and msgspec, not rich); the standard-library modules the project's code imports itself
(csv, difflib, ...) are the project's choice and count against the command, not the floor.
"""

from __future__ import annotations

import subprocess
import sys

# Imported by the interpreter's start-up (site, .pth files, the editable install's finder), by the floor's
# interpreter as much as by the command's: in neither figure's difference.
_START_UP = ("_distutils_hack", "sitecustomize", "usercustomize", "__editable__")


def _own(module: str | None) -> bool:
    return module is not None and module.split(".")[0] == "backtofront"


def _third_party(module: str) -> bool:
    top = module.split(".")[0]
    return (top not in sys.stdlib_module_names and not top.startswith(_START_UP) and top != "__main__"
            and not _own(module))


def imports_of(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, str | None]:
    """Every module `cmd` (a Python script and its arguments, e.g. the installed `backtofront` and
    `assess PROFILE --format json`) imports: {module: the module whose import brought it in, None for one
    the script's own top level imported}. RuntimeError when the command fails."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *cmd], capture_output=True, text=True, env=env,
                          check=False, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    pending: dict[int, list[str]] = {}
    parent: dict[str, str | None] = {}
    # `import time: self | cumulative | name`, two spaces of indent a level; an import is printed when it
    # ends, after the imports it made (one level deeper)
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        field = line.rsplit("|", 1)[1]
        name = field.strip()
        depth = (len(field) - len(field.lstrip()) - 1) // 2
        for child in pending.pop(depth + 1, []):
            parent[child] = name
        pending.setdefault(depth, []).append(name)
    for top in (m for level in pending.values() for m in level):
        parent.setdefault(top, None)
    return parent


def floor_modules(cmd: list[str], env: dict[str, str] | None = None) -> list[str]:
    """The third-party modules the project's code imports when running `cmd` (see `imports_of`), e.g.
    ["click", "durable.engine", "jinja2", "msgspec", "yaml"], sorted."""
    parent = imports_of(cmd, env)
    return sorted(m for m, p in parent.items() if _third_party(m) and (_own(p) or p is None))


def floor_command(modules: list[str]) -> list[str]:
    """The baseline: this interpreter importing `modules` and nothing of the project."""
    return [sys.executable, "-c", "import " + ", ".join(modules)]
