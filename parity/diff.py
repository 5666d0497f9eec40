"""Side-by-side reading of a pair: scratch.py beside framework.py, aligned by their outline.

Both files are cut into sections (the module docstring, the imports, every module-level
function, every class header and every method); sections with the same qualified name are put
on the same rows, and inside a section the lines are aligned with difflib, so that `forward`
sits beside `forward` and the hand gradient beside `loss.backward()`. A section only one side
has (a NumPy helper the framework takes from torch) is shown against blank space.

A pair whose scratch side opens with textbook forms (spec.textbook) is shown in two parts:
first the idea, each textbook function beside the framework code that does the same; then the
two files, aligned as above.

Between the columns: a space where the lines are equal, | where they differ but are alike
(twins: difflib's ratio of at least 0.6), < or > where one side has a line the other lacks,
: where the idea is shown beside the framework's code without comparing them.
On a terminal the markers are coloured and the code is syntax-highlighted (the standard
library's tokenizer); piped, the text is plain.
"""

import ast
import difflib
import io
import itertools
import keyword
import re
import shutil
import sys
import tokenize


def sections(source):
    """[(qualified name, [lines])] in file order; every line of the file lands in one section."""
    lines = source.splitlines()
    tree = ast.parse(source)
    starts = []                                            # (first line index, name)
    for node in tree.body:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) - 1
        if isinstance(node, ast.Expr) and isinstance(getattr(node, "value", None), ast.Constant):
            starts.append((first, "(docstring)"))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            starts.append((first, "(imports)"))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and all(
                isinstance(t, ast.Name) for t in _targets(node)):
            starts.append((first, ", ".join(t.id for t in _targets(node))))  # CONSTANT = ...
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            starts.append((first, node.name))
            if isinstance(node, ast.ClassDef):
                starts += [(item.lineno - 1, f"{node.name}.{item.name}") for item in node.body
                           if isinstance(item, ast.FunctionDef)]
        else:
            starts.append((first, f"(line {first + 1})"))
    starts = [(_with_comments_above(lines, first), name) for first, name in starts]
    merged = []                                            # consecutive imports are one section
    for first, name in sorted(starts):
        if merged and name == "(imports)" and merged[-1][1] == "(imports)":
            continue
        merged.append((first, name))
    if not merged or merged[0][0] != 0:
        merged.insert(0, (0, "(top)"))
    ends = [first for first, _ in merged[1:]] + [len(lines)]
    return [(name, lines[first:end]) for (first, name), end in zip(merged, ends, strict=True)]


def _with_comments_above(lines, first):
    """The first line of a section that starts at line `first`: the comment lines right above
    it introduce it ("# --- the fast form: ..."), so they open it rather than end the last."""
    above = first
    while above > 0 and not lines[above - 1].strip():             # blank lines between
        above -= 1
    if above == 0 or not lines[above - 1].lstrip().startswith("#"):
        return first
    while above > 0 and lines[above - 1].lstrip().startswith("#"):
        above -= 1
    return above


def _targets(assignment):
    return assignment.targets if isinstance(assignment, ast.Assign) else [assignment.target]


def align(left, right):
    """Rows (left line or None, right line or None, marker) for two files' sections."""
    return [row for _, _, rows in blocks(left, right) for row in rows]


def blocks(left, right):
    """[(left section name or None, right section name or None, rows)]: the aligned sections.

    Sections pair up by qualified name (SGD.__init__ with SGD.__init__); between two such
    anchors, the leftovers pair up by their last name (one side's base class method beside
    the other's, whatever the bases are called), and what is left is shown against blank
    space.
    """
    aligned = []
    names = difflib.SequenceMatcher(a=[n for n, _ in left], b=[n for n, _ in right],
                                    autojunk=False)
    for tag, i1, i2, j1, j2 in names.get_opcodes():
        if tag == "equal":
            aligned += [(left[i][0], right[j][0], _align_lines(left[i][1], right[j][1]))
                        for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
            continue
        aligned += _align_leftovers(left[i1:i2], right[j1:j2])
    return aligned


def idea_blocks(pair):
    """[(scratch section names, framework section name, rows, spans)]: the textbook forms of
    the scratch side (spec.textbook), with the module's own functions they call (the first
    time only), beside the framework code that does the same, grouped by that code. The two
    are shown side by side, not compared line by line (marker ":"); spans colour the rows as
    render takes them."""
    sources = [(pair.directory / name).read_text() for name in ("scratch.py", "framework.py")]
    (left, right), (left_spans, right_spans) = map(numbered, sources), map(token_spans, sources)
    fast = {form.fast for form in pair.spec.textbook}
    beside = {}
    for form in pair.spec.textbook:
        beside.setdefault(form.beside, []).append(form.textbook)
    blocks, shown = [], set()
    for twin, textbook in beside.items():
        names = with_callees(textbook, left, exclude=fast | shown)
        shown.update(names)
        ours = [row for name in names for row in [*_code(left[name]), (None, "")]][:-1]
        theirs = _code(right[twin])
        rows = [(a[1] if a else None, b[1] if b else None, ":")
                for a, b in itertools.zip_longest(ours, theirs)]
        spans = ([left_spans[n] if n is not None else [] for n, _ in ours],
                 [right_spans[n] for n, _ in theirs])
        blocks.append((names, twin, rows, spans))
    return blocks


def numbered(source):
    """{section name: [(line index in the file, line)]}: sections() with their places."""
    located, first = {}, 0
    for name, lines in sections(source):
        located[name] = list(enumerate(lines, start=first))
        first += len(lines)
    return located


def with_callees(names, located, exclude):
    """names and the module's functions they call, transitively, in the file's order (a
    class, a method and the `exclude` names are left out)."""
    wanted, todo = set(names), list(names)
    while todo:
        code = "\n".join(line for _, line in located[todo.pop()])
        for called in re.findall(r"\b([a-z_]\w*)\(", code):
            if called in located and called not in wanted and called not in exclude:
                wanted.add(called)
                todo.append(called)
    return [name for name in located if name in wanted]


def _code(rows):
    """A section's (index, line) rows without the comments that introduce it and the blank
    lines after."""
    start = next((i for i, (_, line) in enumerate(rows)
                  if line.strip() and not line.lstrip().startswith("#")), 0)
    end = len(rows)
    while end > start and not rows[end - 1][1].strip():
        end -= 1
    return rows[start:end]


def _align_leftovers(left, right):
    aligned = []
    last = difflib.SequenceMatcher(a=[n.split(".")[-1] for n, _ in left],
                                   b=[n.split(".")[-1] for n, _ in right], autojunk=False)
    for tag, i1, i2, j1, j2 in last.get_opcodes():
        if tag == "equal":
            aligned += [(left[i][0], right[j][0], _align_lines(left[i][1], right[j][1]))
                        for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
            continue
        aligned += [(name, None, [(line, None, "<") for line in lines])
                    for name, lines in left[i1:i2]]
        aligned += [(None, name, [(None, line, ">") for line in lines])
                    for name, lines in right[j1:j2]]
    return aligned


def _align_lines(left, right):
    rows = []
    matcher = difflib.SequenceMatcher(a=[line.strip() for line in left],
                                      b=[line.strip() for line in right], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [(left[i], right[j], " ") for i, j in zip(range(i1, i2), range(j1, j2),
                                                               strict=True)]
        else:
            rows += _pair_similar(left[i1:i2], right[j1:j2])
    return rows


SIMILAR = 0.6          # lines this alike (difflib's ratio) are twins, marked |
DEFINITION = re.compile(r"\s*(?:def|class) (\w+)")


def _alike(left, right):
    """Twins: two definitions of one name, or two lines at least SIMILAR alike."""
    defined = DEFINITION.match(left), DEFINITION.match(right)
    if all(defined):
        return defined[0][1] == defined[1][1]
    return difflib.SequenceMatcher(a=left.strip(), b=right.strip(),
                                   autojunk=False).ratio() >= SIMILAR


def _pair_similar(a, b):
    """Rows for two runs of differing lines: in order, each line of `a` beside the next line
    of `b` alike enough to be its twin (what `b` skips to reach it stands alone), and a line
    with no such twin against blank space."""
    rows, j = [], 0
    for line in a:
        twin = next((k for k in range(j, len(b)) if _alike(line, b[k])), None)
        if twin is None:
            rows.append((line, None, "<"))
            continue
        rows += [(None, skipped, ">") for skipped in b[j:twin]] + [(line, b[twin], "|")]
        j = twin + 1
    return rows + [(None, rest, ">") for rest in b[j:]]


COLOURS = {"|": "\033[33m", "<": "\033[31m", ">": "\033[32m"}
SYNTAX = {"keyword": "\033[35m", "string": "\033[36m", "comment": "\033[90m",
          "number": "\033[33m"}
RESET = "\033[0m"
TOKEN_KINDS = {tokenize.COMMENT: "comment", tokenize.STRING: "string",
               tokenize.NUMBER: "number"}


def token_spans(source):
    """Per line of `source`, the (start, end, kind) of its keywords, strings, comments and
    numbers, from the standard library's tokenizer (a docstring spans several lines)."""
    lines = source.splitlines()
    spans = [[] for _ in lines]
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        kind = TOKEN_KINDS.get(token.type)
        if token.type == tokenize.NAME and keyword.iskeyword(token.string):
            kind = "keyword"
        if kind is None:
            continue
        (first_row, first_col), (last_row, last_col) = token.start, token.end
        for row in range(first_row, last_row + 1):
            start = first_col if row == first_row else 0
            end = last_col if row == last_row else len(lines[row - 1])
            spans[row - 1].append((start, end, kind))
    return [sorted(line_spans) for line_spans in spans]


def paint(text, spans, width):
    """`text` cut to `width` characters, its tokens coloured for a terminal."""
    parts, position = [], 0
    for start, end, kind in spans:
        if start >= width:
            break
        end = min(end, width)
        if end <= start:                   # an empty line inside a docstring
            continue
        parts += [text[position:start], SYNTAX[kind], text[start:end], RESET]
        position = end
    return "".join(parts) + text[position:width]


def render(rows, width, colour=False, spans=None):
    """The rows as text, each column cut or padded to `width` characters.

    With `colour`, the marker is coloured, and so is the code where `spans` gives, for the
    left and the right file, the token spans of their lines in the order the rows show them.
    """
    left_spans, right_spans = (iter(side) for side in (spans or ((), ())))
    out = []
    for left, right, marker in rows:
        l_text = (left or "").expandtabs(4)[:width]
        r_text = (right or "").expandtabs(4)[:width].rstrip()
        padding = " " * (width - len(l_text))
        if colour and spans:
            l_text = paint(l_text, next(left_spans), width) if left is not None else l_text
            r_text = (paint(r_text, next(right_spans), len(r_text)) if right is not None
                      else r_text)
        shown = f"{COLOURS[marker]}{marker}{RESET}" if colour and marker in COLOURS else marker
        out.append(f"{l_text}{padding} {shown} {r_text}".rstrip())
    return "\n".join(out)


def ladder(pair):
    """The files from scratch to framework: scratch.py, the rungs in order, framework.py."""
    return ["scratch.py", *(f"{name}.py" for name, _ in pair.rungs), "framework.py"]


def steps(pair, rung=None, every_rung=False):
    """The (left file, right file) pairs to show: scratch against framework by default; with
    `rung` k, rung k - 1 against rung k (rung 1 is scratch.py); every step with `every_rung`."""
    files = ladder(pair)
    if rung is None and not every_rung:
        return [(files[0], files[-1])]
    if not pair.rungs:
        raise ValueError(f"{pair.name} has no ladder: only scratch.py and framework.py")
    if every_rung:
        return list(itertools.pairwise(files))
    if not 2 <= rung <= len(files):
        raise ValueError(f"{pair.name}'s rungs are 1..{len(files)}: --rung k shows rung k - 1 "
                         f"beside rung k, so k is 2..{len(files)}; got {rung}")
    return [(files[rung - 2], files[rung - 1])]


def diff_pair(pair, width=None, colour=None, stream=None, rung=None, every_rung=False):
    """Print scratch.py beside framework.py for `pair`, aligned by outline (or the rungs of
    its ladder, see `steps`); the idea first, where the scratch side has textbook forms."""
    stream = sys.stdout if stream is None else stream
    colour = stream.isatty() if colour is None else colour
    total = width or shutil.get_terminal_size((200, 40)).columns
    column = max(40, (total - 3) // 2)
    files = ladder(pair)
    rule = ("=" * min(column, 60), "=" * min(column, 60), " ")
    if pair.spec.textbook and rung is None and not every_rung:
        for names, twin, rows, spans in idea_blocks(pair):
            header = [(f"the idea: scratch.py {', '.join(names)}", f"framework.py {twin}", " "),
                      rule]
            stream.write(render(header, column) + "\n" + render(rows, column, colour, spans)
                         + "\n\n")
    for number, (left_file, right_file) in enumerate(steps(pair, rung, every_rung)):
        left = sections((pair.directory / left_file).read_text())
        right = sections((pair.directory / right_file).read_text())
        header = [(f"{pair.name}/{left_file}", f"{pair.name}/{right_file}", " "), rule]
        if pair.rungs:
            rungs = (f"rung {files.index(left_file) + 1} of {len(files)}",
                     f"rung {files.index(right_file) + 1} of {len(files)}", " ")
            header.insert(1, rungs)
        if number:
            stream.write("\n")
        stream.write(render(header, column) + "\n")
        spans = [token_spans((pair.directory / name).read_text())
                 for name in (left_file, right_file)]
        stream.write(render(align(left, right), column, colour, spans) + "\n")
