"""Every command that README.md and CONTRIBUTING.md quote works as written.

The commands are read from the documents themselves: each line of a bash block, and each
inline code span that starts with a tool's name. A quick command runs (`python -m parity list`,
`diff`, `check` of one pair); the others are read by the parser of the tool they name, so a
renamed option, a session that no longer exists or an extra that was dropped fails here:
`python -m parity` by its own argparse parser, a lesson or training script by its --help, nox
by the sessions of noxfile.py and the command each one hands its arguments to, pytest by its
--help, pip by constraints.txt and pyproject.toml's extras. A pair a command names must
exist, or be created by a documented `python -m parity new` (the walkthrough test creates and
checks CONTRIBUTING's running example). A command of any other form fails: a new kind of
command needs a checker here.
"""

import ast
import itertools
import re
import shlex
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from parity.cli import main, parser
from parity.registry import pair_names

ROOT = Path(__file__).parents[1]
DOCUMENTS = ("README.md", "CONTRIBUTING.md")
TOOLS = ("python -m parity", "python -m algorithms.", "nox ", "pytest", "pip install", "ruff ")
QUICK = {"list", "diff", "check"}            # subcommands run for real (check: one pair only)
PLACEHOLDERS = {"NAME", "<name>"}            # a pair's name in a command's description


def quoted_commands(text):
    """Commands in bash blocks (a line each, comments dropped) and in inline code."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            found.append(re.sub(r"\s+#.*", "", line).strip())
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    found += [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", prose)]
    commands = []
    for command in found:
        for part in command.split("&&"):
            part = part.split(" | ")[0].strip()              # `... | less -R`: the command
            if part.startswith(TOOLS):
                commands.append(part)
    return commands


COMMANDS = sorted({(document, command) for document in DOCUMENTS
                   for command in quoted_commands((ROOT / document).read_text())})


@cache
def created_by_the_docs():
    """The pairs the documents scaffold with `python -m parity new NAME`."""
    return {shlex.split(command)[4] for _, command in COMMANDS
            if command.startswith("python -m parity new ")}


def check_pair_names(names):
    known = set(pair_names()) | created_by_the_docs() | PLACEHOLDERS
    unknown = [name for name in names if name not in known]
    assert not unknown, f"no pair named {unknown}"


def check_parity(arguments, capsys, run_quick=True):
    """Parsed by the CLI's own parser; the quick subcommands on an existing pair run."""
    try:
        args = parser().parse_args(arguments)
    except SystemExit:
        pytest.fail(f"python -m parity {shlex.join(arguments)}: refused by its parser "
                    f"({capsys.readouterr().err.strip()})")
    names = list(getattr(args, "names", None) or [])
    if getattr(args, "name", None) and arguments[0] != "new":
        names.append(args.name)
    check_pair_names(names)
    if arguments[0] == "new":
        assert args.name not in pair_names(), f"pair {args.name} exists: new would refuse it"
    elif run_quick and arguments[0] in QUICK and (arguments[0] != "check" or len(names) == 1) \
            and set(names) <= set(pair_names()):
        assert main(arguments) == 0, f"python -m parity {shlex.join(arguments)} failed"


@cache
def nox_sessions():
    """{session: the command it runs, ending where session.posargs go (or None)}."""
    sessions = {}
    for function in ast.parse((ROOT / "noxfile.py").read_text()).body:
        if not isinstance(function, ast.FunctionDef):
            continue
        sessions[function.name] = None
        for call in ast.walk(function):
            if (isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "run"
                    and any(isinstance(arg, ast.Starred) for arg in call.args)):
                sessions[function.name] = [arg.value for arg in call.args
                                           if isinstance(arg, ast.Constant)]
    return sessions


def check_nox(arguments, capsys):
    arguments, posargs = (arguments, []) if "--" not in arguments else (
        arguments[:arguments.index("--")], arguments[arguments.index("--") + 1:])
    assert arguments[0] == "-s", f"nox {shlex.join(arguments)}: expected -s SESSION ..."
    sessions = nox_sessions()
    for session in arguments[1:]:
        assert session in sessions, f"noxfile.py has no session {session!r}"
        command = sessions[session]
        if posargs:
            assert command is not None, f"nox -s {session} takes no arguments after --"
            if command[:3] == ["python", "-m", "parity"]:
                check_parity([*command[3:], *posargs], capsys, run_quick=False)
            elif command[0] == "pytest":
                check_pytest(posargs)


@cache
def pytest_help():
    return subprocess.run([sys.executable, "-m", "pytest", "--help"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def check_pytest(arguments):
    for argument in arguments:
        option = argument.split("=")[0]
        if option.startswith("-"):
            assert re.search(rf"(^|[\s,]){re.escape(option)}([\s,=]|$)", pytest_help(), re.M), (
                f"pytest has no option {option}")
    paths = [a for a in arguments if a == "tests" or a.startswith("tests/")]
    for path in paths:
        assert (ROOT / path.split("::")[0]).exists(), f"no such path {path}"
    expression = arguments[arguments.index("-k") + 1] if "-k" in arguments else "<name>"
    if expression not in PLACEHOLDERS:
        check_pair_names([word for word in re.findall(r"\w+", expression)
                          if word not in {"or", "and", "not"}])


def check_script(module, arguments, capsys):
    """A lesson or training script: every option the command gives is in its --help."""
    import importlib

    script = importlib.import_module(module)
    with pytest.raises(SystemExit):
        script.main(["--help"])
    usage = capsys.readouterr().out
    for option in (argument for argument in arguments if argument.startswith("--")):
        assert option in usage, f"python -m {module} has no option {option}"


def check_pip(arguments):
    section = (ROOT / "pyproject.toml").read_text().split(
        "[project.optional-dependencies]")[1].split("\n[")[0]
    extras = re.findall(r"^(\w+) = \[", section, re.M)
    assert "test" in extras, extras
    for option, value in itertools.pairwise(arguments):
        if option == "-c":
            assert (ROOT / value).exists(), f"no constraints file {value}"
        if option == "-e":
            wanted = re.fullmatch(r"\.(?:\[([\w,]+)\])?", value)
            assert wanted, f"pip install -e {value}: expected . or .[extras]"
            missing = set((wanted.group(1) or "").split(",")) - set(extras) - {""}
            assert not missing, f"pyproject.toml has no extra {sorted(missing)}"


def test_the_documents_quote_commands():
    """The extraction finds what a reader sees (it cannot pass by finding nothing)."""
    found = {command for _, command in COMMANDS}
    assert "pytest tests -n auto --dist loadfile -p no:benchmark" in found
    assert any(command.startswith("python -m parity new ") for command in found)
    assert any(command.startswith("nox -s ") for command in found)


@pytest.mark.parametrize(("document", "command"), COMMANDS,
                         ids=[f"{document}:{command}" for document, command in COMMANDS])
def test_a_documented_command_works_as_written(document, command, capsys):
    words = shlex.split(command)
    if command.startswith("python -m parity"):
        check_parity(words[3:], capsys)
    elif command.startswith("python -m algorithms."):
        check_script(words[2], words[3:], capsys)
    elif words[0] == "nox":
        check_nox(words[1:], capsys)
    elif words[0] == "pytest":
        check_pytest(words[1:])
    elif words[:2] == ["pip", "install"]:
        check_pip(words[2:])
    elif words[0] == "ruff":
        assert words == ["ruff", "check", "."], f"{document}: {command}"
    else:
        pytest.fail(f"{document}: no checker for {command!r}")


def test_the_ci_script_runs_the_readme_test_command():
    """CI runs `nox -s tests`, which runs the command README gives for running without nox."""
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "nox -s tests" in readme
    assert "nox -s tests" in ci
    tests_command = nox_sessions()["tests"]
    assert " ".join(tests_command) in " ".join(readme.split())
