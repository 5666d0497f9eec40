"""python -m parity diff: both files, every line once, shared sections on the same rows."""

import io
import re

import pytest

from parity.cli import main
from parity.diff import align, diff_pair, render, sections
from parity.registry import discover

PAIRS = discover()


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_every_line_appears_once_and_shared_definitions_line_up(pair):
    scratch = (pair.directory / "scratch.py").read_text()
    framework = (pair.directory / "framework.py").read_text()
    rows = align(sections(scratch), sections(framework))
    assert [left for left, _, _ in rows if left is not None] == scratch.splitlines()
    assert [right for _, right, _ in rows if right is not None] == framework.splitlines()
    definition = re.compile(r"^\s*(?:def|class) (\w+)")
    for left, right, _ in rows:
        if left and right and definition.match(left) and definition.match(right):
            assert definition.match(left)[1] == definition.match(right)[1], (left, right)
    # every section both files define under the same qualified name starts on one row
    shared = ({name for name, _ in sections(scratch)} & {name for name, _ in sections(framework)}
              ) - {"(docstring)", "(imports)", "(top)"}
    first_lines = {(dict(sections(scratch))[name][0], dict(sections(framework))[name][0])
                   for name in shared}
    paired = {(left, right) for left, right, _ in rows}
    assert first_lines <= paired, f"not side by side: {sorted(first_lines - paired)}"


def test_markers_say_how_lines_differ():
    rows = align(sections('"""Doc."""\n\ndef f(x):\n    return x + 1\n'),
                 sections('"""Doc."""\n\ndef f(x):\n    return x + 2\n\n\ndef g(x):\n    pass\n'))
    text = render(rows, width=20)
    assert "    return x + 1     |     return x + 2" in text
    assert text.splitlines()[-1].lstrip().startswith(">")


def test_plain_when_piped_and_cli(capsys):
    stream = io.StringIO()
    (pair,) = discover(names=["linear_regression"])
    diff_pair(pair, width=160, stream=stream)
    assert "\033[" not in stream.getvalue()
    assert main(["diff", "linear_regression", "--width", "160"]) == 0
    out = capsys.readouterr().out
    assert "linear_regression/scratch.py" in out
    assert "linear_regression/framework.py" in out
