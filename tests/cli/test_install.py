"""Installs that do not drift: bounded ranges in pyproject.toml, lock files that pin every one of them
(with the build tools), and a Makefile that rebuilds .venv when PYTHON names another interpreter."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        reqs += [Requirement(r) for r in extra]
    return reqs


def _pins(name: str) -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines():
        m = re.match(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        if m:
            pins[canonicalize_name(m.group(1))] = Version(m.group(2))
    return pins


def test_every_dependency_has_an_upper_bound():
    unbounded = [str(r) for r in _requirements()
                 if not any(s.operator in ("<", "==", "~=", "<=") for s in r.specifier)]
    assert not unbounded, f"give these an upper bound at the next major version: {unbounded}"


def test_the_lock_pins_every_dependency_inside_its_range():
    """Fails when a dependency was added or changed in pyproject.toml without `make lock`."""
    pins = _pins("lock.txt")
    for req in _requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements/lock.txt: run `make lock`"
        assert pins[name] in req.specifier, (f"{req.name}=={pins[name]} is outside {req.specifier}: run "
                                             "`make lock`")


def test_the_build_tools_are_pinned():
    pins = _pins("build.txt")
    assert {"pip", "setuptools", "wheel"} <= set(pins)
    build_requires = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
    for req in build_requires:
        assert pins[canonicalize_name(req.name)] in req.specifier


def test_make_installs_from_the_locks():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-r requirements/lock.txt" in makefile
    assert "--build-constraint requirements/build.txt" in makefile
    assert re.search(r"^lock:", makefile, re.MULTILINE) and re.search(r"^test-latest:", makefile,
                                                                      re.MULTILINE)


def test_another_python_rebuilds_the_venv(tmp_path):
    """`make demo PYTHON=...` after a build with another Python must use the new one: the stamp names the
    interpreter's version, so a dry run plans the rebuild (checked against a stand-in `python3.99`)."""
    fake = tmp_path / "python3.99"
    fake.write_text("#!/bin/sh\necho 3.99\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / ".installed-3.11").touch()
    done = subprocess.run(["make", "-n", "demo", f"PYTHON={fake}", f"VENV={venv}"], cwd=ROOT,
                          capture_output=True, text=True, check=True, env={**os.environ, "MAKEFLAGS": ""})
    assert f"touch {venv}/.installed-3.99" in done.stdout
    assert f"rm -f {venv}/.installed-*" in done.stdout
    assert f"{fake} -m venv {venv}" in done.stdout
