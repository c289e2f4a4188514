"""The set-up a newcomer runs: README's two commands, CI calls the test one, conda and pip agree."""

import re
import tomllib

import yaml

from coursetools import ROOT, pins


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def test_quick_start_is_make_course_and_make_test():
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    block = readme.split("## Bắt đầu nhanh", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make course", "make test"]


def test_ci_runs_the_readme_test_command():
    lines = [l for l in ROOT.joinpath(".ci/run").read_text().splitlines() if l and not l.startswith("#")]
    assert lines[-1] == "make test"


def test_environment_yml_matches_pyproject():
    project = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["hub"] + project["optional-dependencies"]["test"]
    env = yaml.safe_load(ROOT.joinpath("environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    declared = {_name(d): d.replace(" ", "") for d in conda + pip if not d.startswith(("-e", "python", "pip"))}
    for requirement in wanted:
        name = _name(requirement)
        assert name in declared, f"environment.yml thiếu {name}"
        assert declared[name].lower() == requirement.replace(" ", "").lower(), name
    assert "python=3.11" in conda


def test_the_tests_run_on_the_tested_versions():
    """constraints.txt pins every package, and this environment (make env) is exactly what it pins."""
    from importlib.metadata import distributions

    pinned = pins(ROOT.joinpath("constraints.txt").read_text(encoding="utf-8"))
    installed = {d.metadata["Name"].lower().replace("_", "-"): d.version for d in distributions()
                 if d.metadata["Name"].lower() not in {"langnghe", "pip"}}
    different = {name: (version, pinned.get(name)) for name, version in installed.items() if pinned.get(name) != version}
    assert not different, f"installed (version, pinned) — run `make lock` after `make test` passes: {different}"
    assert "-c constraints.txt" in ROOT.joinpath("Makefile").read_text(encoding="utf-8")
