"""The lock files say what both README commands install: every dependency declared in pyproject.toml
is pinned in them at a version its range allows, and the product's lock agrees with the dev lock."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")
HOW = "run scripts/lock.sh after changing pyproject.toml and commit both locks"


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def declared() -> tuple[list[Requirement], list[Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return ([Requirement(r) for r in project["dependencies"]],
            [Requirement(r) for r in project["optional-dependencies"]["dev"]])


def unmet(requirements: list[Requirement], locked: dict[str, str]) -> list[str]:
    problems = []
    for requirement in requirements:
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement} is not in the lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement} but the lock pins {version}")
    return problems


def test_every_runtime_dependency_is_pinned_in_both_locks():
    runtime, _ = declared()
    assert unmet(runtime, pins("requirements.lock")) == [], HOW
    assert unmet(runtime, pins("requirements-dev.lock")) == [], HOW


def test_every_dev_dependency_is_pinned_in_the_dev_lock():
    _, dev = declared()
    assert unmet(dev, pins("requirements-dev.lock")) == [], HOW


def test_the_product_lock_takes_its_versions_from_the_dev_lock():
    product, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {name: (version, dev.get(name)) for name, version in product.items() if dev.get(name) != version} == {}, HOW

