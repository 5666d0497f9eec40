"""python -m parity diff: both files, every line once, shared sections on the same rows."""

import io
import itertools
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
    def first(lines):                     # a section's own first line, after its comments
        return next(line for line in lines if line.strip() and not line.lstrip()
                    .startswith("#"))

    first_lines = {(first(dict(sections(scratch))[name]), first(dict(sections(framework))[name]))
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


LADDERS = [pair for pair in PAIRS if pair.rungs]


@pytest.mark.parametrize("pair", LADDERS, ids=lambda p: p.name)
def test_each_step_of_a_ladder_shows_both_files_whole(pair):
    files = ["scratch.py", *(f"{name}.py" for name, _ in pair.rungs), "framework.py"]
    for left_file, right_file in itertools.pairwise(files):
        left = (pair.directory / left_file).read_text()
        right = (pair.directory / right_file).read_text()
        rows = align(sections(left), sections(right))
        assert [line for line, _, _ in rows if line is not None] == left.splitlines()
        assert [line for _, line, _ in rows if line is not None] == right.splitlines()
        # one idea per step, not a rewrite: under 40% of the next rung's code is new or changed
        # (the module docstrings aside; what a step deletes, like the hand backward, is free)
        code = align(*[[s for s in sections(text) if s[0] != "(docstring)"]
                       for text in (left, right)])
        rewritten = sum(marker in "|>" for _, _, marker in code)
        assert rewritten < 0.4 * sum(line is not None for _, line, _ in code), (
            f"{left_file} -> {right_file}: {rewritten} lines new or changed")


def test_the_cli_steps_through_the_rungs(capsys):
    assert main(["diff", "mlp", "--rung", "3", "--width", "160"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["mlp/rung_2_autograd.py", "mlp/rung_3_loss_optim.py"]
    assert "rung 2 of 4" in out.splitlines()[1]
    assert main(["diff", "linear_regression", "--ladder", "--width", "160"]) == 0
    headers = [line.split() for line in capsys.readouterr().out.splitlines()
               if line.startswith("linear_regression/")]
    assert headers == [["linear_regression/scratch.py", "linear_regression/rung_2_autograd.py"],
                       ["linear_regression/rung_2_autograd.py",
                        "linear_regression/rung_3_loss_optim.py"],
                       ["linear_regression/rung_3_loss_optim.py",
                        "linear_regression/framework.py"]]


@pytest.mark.parametrize(("argv", "message"), [
    (["diff", "mlp", "--rung", "5"], "k is 2..4; got 5"),
    (["diff", "mlp", "--rung", "1"], "k is 2..4; got 1"),
    (["diff", "knn", "--rung", "2"], "knn has no ladder"),
])
def test_a_rung_that_does_not_exist_is_refused(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_on_a_terminal_the_code_is_highlighted_and_otherwise_the_same():
    (pair,) = discover(names=["mlp"])
    plain, coloured = io.StringIO(), io.StringIO()
    diff_pair(pair, width=160, colour=False, stream=plain)
    diff_pair(pair, width=160, colour=True, stream=coloured)
    assert "\033[" not in plain.getvalue()
    assert "\033[35mdef\033[0m" in coloured.getvalue()                # a keyword
    assert "\033[90m# " in coloured.getvalue()                       # a comment
    assert re.sub(r"\033\[\d+m", "", coloured.getvalue()) == plain.getvalue()


def test_only_alike_lines_are_marked_as_twins():
    """In a changed run of lines, a line is shown beside the most similar line of the other
    side; two lines that merely share a position are not twins."""
    rows = align(sections("def f(x):\n    y = x * 2\n    total = sum(range(10))\n"
                          "    return y\n"),
                 sections("def f(x):\n    device = torch.device(\"cpu\")\n    y = x * 3\n"
                          "    return y\n"))
    marked = [(left.strip() if left else None, right.strip() if right else None, marker)
              for left, right, marker in rows if marker != " "]
    assert ("y = x * 2", "y = x * 3", "|") in marked
    assert ("total = sum(range(10))", None, "<") in marked
    assert (None, 'device = torch.device("cpu")', ">") in marked


def test_the_transformer_lines_up_method_by_method_and_branch_by_branch():
    (pair,) = discover(names=["transformer"])
    scratch = sections((pair.directory / "scratch.py").read_text())
    framework = sections((pair.directory / "framework.py").read_text())
    rows = align(scratch, framework)
    paired = {(left, right) for left, right, _ in rows}
    for cls in ("GPT", "Block"):
        methods = {name for name, _ in framework if name.startswith(f"{cls}.")}
        assert methods, cls
        for name in methods:                           # every method of the model on one row
            definition = (dict(scratch)[name][0], dict(framework)[name][0])
            assert definition in paired, f"{name} is not beside its twin"
    for branch in ("        x = x + self.attention(h, cache)",
                   "        for l, block in enumerate(self.blocks):"):
        assert any(left and right and left.startswith(branch) and right.startswith(branch)
                   and marker == " " for left, right, marker in rows), branch


def test_a_pair_with_a_textbook_form_shows_the_idea_first(capsys):
    assert main(["diff", "attention", "--width", "180"]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith("the idea: scratch.py _masked_scores, attention")
    assert "framework.py scaled_dot_product_attention" in first
    idea = out[:out.index("attention/scratch.py")]
    assert "softmax(_masked_scores(Q, K, key_padding_mask, causal)) @ V" in idea
    assert "S = Q @ np.swapaxes(K, -1, -2) / math.sqrt(Q.shape[-1])" in idea   # its helper
    assert "F.scaled_dot_product_attention(Q, K, V, is_causal=causal)" in idea
