"""The reader: a static HTML site with one page per pair, scratch and framework side by side.

    python -m parity site [NAME ...] [--out site] [--parity RESULTS.json] [--plots]

index.html lists every pair: its framework, checks, parity (cases passed, the worst error as
a share of its tolerance) and the NumPy / framework time ratio at the largest benchmark size.
pairs/NAME.html shows the module docstrings (the math) side by side, the pair's parity results
and benchmark charts, the textbook forms beside the framework code that does the same (where
the scratch side opens with them), then scratch.py beside framework.py aligned section by
section as `python -m parity diff` aligns them, each section under an anchor (#s-MLP.step)
and highlighted with the standard library's tokenizer. A pair with a ladder gets one page per step
(pairs/NAME.rung-K.html: rung K - 1 beside rung K). With --plots the pages also show each
pair's figures (parity.plots) and a classifier's evaluation (parity.evaluate). No JavaScript
and nothing from another host: the files open from disk, offline.
"""

import ast
import html
import itertools
import json
import re
import shutil
import time
from collections import defaultdict
from pathlib import Path

from parity import registry
from parity.diff import blocks, idea_blocks, ladder, sections, token_spans
from parity.report import number
from parity.runner import cases, run_case

PROJECT = Path(__file__).resolve().parents[1]
BENCH = PROJECT / "benchmarks" / "results" / "cpu"
MARKERS = {" ": "same", "|": "changed", "<": "left-only", ">": "right-only", ":": "beside"}

STYLE = (Path(__file__).parent / "templates" / "site.css").read_text()

# Plain-text math in the docstrings, typeset with Unicode: "X^T" -> "Xᵀ", "sum_i" -> "Σᵢ".
MATH = [(re.compile(pattern), replacement) for pattern, replacement in (
    (r"\^T\b", "ᵀ"), (r"\^2\b", "²"), (r"\^-1\b", "⁻¹"), (r"\bsum_i\b", "Σᵢ"),
    (r"\bsum_j\b", "Σⱼ"), (r"\bsum\b", "Σ"), (r"\bsqrt\b", "√"), (r"<-", "←"), (r"->", "→"),
    (r"<=", "≤"), (r">=", "≥"), (r"\bdL/d", "∂L/∂"), (r"\blambda\b", "λ"), (r"\beps\b", "ε"),
    (r"\bsigma\b", "σ"), (r"\bmu\b", "μ"), (r"\bbeta\b", "β"), (r"\bgamma\b", "γ"),
)]


def highlight(source):
    """The source as one HTML line per line, keywords, strings, comments and numbers marked."""
    marked = []
    for line, spans in zip(source.splitlines(), token_spans(source), strict=True):
        parts, position = [], 0
        for start, end, kind in spans:
            parts += [html.escape(line[position:start]),
                      f'<span class="{kind[0]}">{html.escape(line[start:end])}</span>']
            position = end
        marked.append("".join(parts) + html.escape(line[position:]))
    return marked


def typeset(docstring):
    text = html.escape(docstring.strip())
    for pattern, replacement in MATH:
        text = pattern.sub(replacement, text)
    return text


def anchor(name):
    return "s-" + re.sub(r"[^A-Za-z0-9_.-]", "", name.strip("()").replace(" ", "-"))


def code_table(left_source, right_source, left_title, right_title):
    """Both files in aligned rows; each section a <tbody> whose id is its anchor."""
    left_html, right_html = iter(highlight(left_source)), iter(highlight(right_source))
    rows = ['<table class="code"><colgroup><col class="side"><col class="marker">'
            '<col class="side"></colgroup>',
            f"<thead><tr><th>{html.escape(left_title)}</th><th></th>"
            f"<th>{html.escape(right_title)}</th></tr></thead>"]
    toc = []
    for left_name, right_name, lines in blocks(sections(left_source), sections(right_source)):
        name = left_name or right_name
        toc.append((anchor(name), name))
        rows.append(f'<tbody id="{anchor(name)}" class="section">')
        rows.append(f'<tr class="heading"><th><a href="#{anchor(name)}">'
                    f'{html.escape(left_name or "")}</a></th><th></th>'
                    f'<th><a href="#{anchor(name)}">{html.escape(right_name or "")}</a></th>'
                    "</tr>")
        for left, right, marker in lines:
            left_cell = next(left_html) if left is not None else ""
            right_cell = next(right_html) if right is not None else ""
            rows.append(f'<tr class="{MARKERS[marker]}"><td class="left">{left_cell}</td>'
                        f'<td class="marker">{html.escape(marker.strip())}</td>'
                        f'<td class="right">{right_cell}</td></tr>')
        rows.append("</tbody>")
    rows.append("</table>")
    return "\n".join(rows), toc


def idea_tables(pair):
    """The textbook forms beside the framework code that does the same (parity.diff's idea
    blocks), one table each, highlighted."""
    tables = []
    for names, twin, rows, _ in idea_blocks(pair):
        left = iter(highlight("\n".join(a for a, _, _ in rows if a is not None)))
        right = iter(highlight("\n".join(b for _, b, _ in rows if b is not None)))
        cells = "".join(
            f'<tr class="beside"><td class="idea">{next(left) if a is not None else ""}</td>'
            f'<td class="marker"></td><td class="idea">{next(right) if b is not None else ""}'
            "</td></tr>" for a, b, _ in rows)
        tables.append('<table class="code"><colgroup><col class="side"><col class="marker">'
                      f'<col class="side"></colgroup><thead><tr><th>scratch.py: '
                      f'{html.escape(", ".join(names))}</th><th></th><th>framework.py: '
                      f"{html.escape(twin)}</th></tr></thead>{cells}</table>")
    return tables


def module_docstring(source):
    return ast.get_docstring(ast.parse(source)) or ""


# --- results: parity and benchmarks --------------------------------------------------------

def parity_results(pairs, path=None):
    """{pair: [result dicts]}: read from `python -m parity check --json` output, or run the
    CPU cases now."""
    if path:
        records = json.loads(Path(path).read_text())
    else:
        from parity.report import as_json

        records = as_json([run_case(case) for case in cases(pairs, devices=["cpu"])])
    grouped = defaultdict(list)
    for record in records:
        grouped[record["pair"]].append(record)
    return grouped


def parity_summary(records):
    """(passed, total, worst err/tol, worst max abs) over a pair's results."""
    passed = sum(r["status"] == "pass" for r in records)
    ratios = [r["err_over_tol"] for r in records if _finite(r["err_over_tol"])]
    errors = [r["max_abs"] for r in records if _finite(r["max_abs"])]
    return passed, len(records), max(ratios, default=None), max(errors, default=None)


def _finite(value):
    return value is not None and value == value and value != float("inf")


def benchmark_rows(folder):
    """{pair: {loop: [(N, D, numpy seconds, framework seconds, framework name)]}}."""
    path = Path(folder) / "benchmarks.json"
    if not path.exists():
        return {}
    from benchmarks.report import framework_of, load

    _, rows = load(path)
    grouped = defaultdict(lambda: defaultdict(list))
    for (pair, loop, N, D), times in sorted(rows.items()):
        framework = framework_of(times)
        grouped[pair][loop].append((N, D, times.get("numpy"), times.get(framework), framework))
    return grouped


def largest_ratios(loops):
    """"step 1.26, forward 1.03": NumPy / framework at each loop's largest size."""
    parts = []
    for loop, points in sorted(loops.items()):
        *_, ours, theirs, _ = max(points, key=lambda p: p[0] * p[1])
        if ours and theirs:
            parts.append(f"{loop} {ours / theirs:.2f}")
    return ", ".join(parts) or "-"


# --- pages -----------------------------------------------------------------------------------

def page(title, body, depth=0):
    up = "../" * depth
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)} · twice</title><style>{STYLE}</style></head>\n"
            f'<body><p><a href="{up}index.html">twice</a> · every algorithm written twice, '
            f"and proof that the two agree</p>\n{body}\n</body></html>\n")


def index_page(pairs, results, bench):
    rows = ["<table class='data'><tr><th>pair</th><th>framework</th><th>checks</th>"
            "<th>parity (CPU)</th><th>worst err/tol</th><th>worst max abs</th>"
            "<th>NumPy / framework, largest size</th></tr>"]
    for pair in pairs:
        passed, total, ratio, error = parity_summary(results.get(pair.name, []))
        status = "pass" if passed == total else "fail"
        rows.append(
            f'<tr><td><a href="pairs/{pair.name}.html">{pair.name}</a>'
            f'<div class="summary">{html.escape(pair.summary)}</div></td>'
            f"<td>{pair.spec.framework}</td><td>{', '.join(pair.spec.checks)}</td>"
            f'<td class="{status}">{passed}/{total}</td><td>{number(ratio)}</td>'
            f"<td>{number(error)}</td><td>{largest_ratios(bench.get(pair.name, {}))}</td></tr>")
    rows.append("</table>")
    body = ("<h1>twice</h1><p>Every classic machine-learning algorithm written twice: in NumPy "
            "with the gradients derived by hand, and with the framework people ship with. "
            "Each page puts the two files side by side, aligned section by section, with "
            "the parity results that show they agree and the benchmarks that time them.</p>"
            + "\n".join(rows)
            + f"<p class='summary'>Built {time.strftime('%Y-%m-%d %H:%M')}; parity on the "
              "CPU, seed 0; benchmarks from benchmarks/results/cpu.</p>")
    return page("pairs", body)


def parity_table(records):
    folded = defaultdict(list)
    for record in records:
        folded[(record["check"], record["dtype"])].append(record)
    rows = ["<table class='data'><tr><th>check</th><th>dtype</th><th>cases</th>"
            "<th>max abs</th><th>max rel</th><th>err/tol</th></tr>"]
    for (check, dtype), group in folded.items():
        passed = sum(r["status"] == "pass" for r in group)
        status = "pass" if passed == len(group) else "fail"
        worst = {key: max((r[key] for r in group if _finite(r[key])), default=None)
                 for key in ("max_abs", "max_rel", "err_over_tol")}
        rows.append(f"<tr><td>{check}</td><td>{dtype}</td>"
                    f'<td class="{status}">{passed}/{len(group)} pass</td>'
                    f"<td>{number(worst['max_abs'])}</td><td>{number(worst['max_rel'])}</td>"
                    f"<td>{number(worst['err_over_tol'])}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def bench_section(loops, charts):
    if not loops:
        return "<p>No benchmarks recorded for this pair.</p>"
    rows = ["<table class='data'><tr><th>loop</th><th>N x D</th><th>NumPy</th>"
            "<th>framework</th><th>NumPy / framework</th></tr>"]
    from benchmarks.report import format_time

    for loop, points in sorted(loops.items()):
        for N, D, ours, theirs, framework in points:
            ratio = f"{ours / theirs:.2f}" if ours and theirs else "-"
            rows.append(f"<tr><td>{loop}</td><td>{N} x {D}</td><td>{format_time(ours)}</td>"
                        f"<td>{format_time(theirs)} {framework}</td><td>{ratio}</td></tr>")
    rows.append("</table>")
    images = "".join(f'<img src="../charts/{chart}" alt="{chart}">' for chart in charts)
    return "\n".join(rows) + (f'<div class="charts">{images}</div>' if images else "")


def evaluation_section(result, images):
    """The evaluate command's summary of both sides and its figures, for a classifier's page."""
    rows = ["<table class='parity'><tr><th>side</th><th>accuracy</th><th>balanced</th>"
            "<th>MCC</th><th>kappa</th><th>scikit-learn</th></tr>"]
    for side, outcome in result["sides"].items():
        report, differs = outcome["report"], outcome["differs_from_sklearn"]
        rows.append(f"<tr><td>{side}</td><td>{report['accuracy']:.4f}</td>"
                    f"<td>{report['balanced_accuracy']:.4f}</td>"
                    f"<td>{report['matthews_corrcoef']:.4f}</td>"
                    f"<td>{report['cohen_kappa']:.4f}</td><td>"
                    + ("equal to the bit" if differs is None else
                       f"DIFFERS at {html.escape(differs)}") + "</td></tr>")
    figures = "".join(f'<img src="../{image}" alt="{image}">' for image in images)
    return (f"<p>Fitted on {result['n_train']} samples, judged on {result['n_test']} held out "
            "(<code>python -m parity evaluate</code>); every number from the scratch metrics, "
            "recomputed by scikit-learn.</p>" + "\n".join(rows) + "</table>"
            + f'<div class="plots">{figures}</div>')


def pair_page(pair, left_file, right_file, records, loops, charts, plots, rung_links,
              evaluation=""):
    left = (pair.directory / left_file).read_text()
    right = (pair.directory / right_file).read_text()
    table, toc = code_table(left, right, f"{pair.name}/{left_file}",
                            f"{pair.name}/{right_file}")
    contents = "".join(f'<li><a href="#{target}">{html.escape(name)}</a></li>'
                       for target, name in toc)
    math = (f"<table class='math'><tr><td><pre class='math'>{typeset(module_docstring(left))}"
            f"</pre></td><td><pre class='math'>{typeset(module_docstring(right))}</pre></td>"
            "</tr></table>")
    figures = "".join(f'<img src="../plots/{plot}" alt="{plot}">' for plot in plots)
    files = ladder(pair)
    step = ""
    if (left_file, right_file) != (files[0], files[-1]):
        step = (f": rung {files.index(left_file) + 1} to {files.index(right_file) + 1} "
                f"of {len(files)}")
    body = [f"<h1>{pair.name}{step}</h1><p class='summary'>{html.escape(pair.summary)}</p>",
            f"<p><code>python -m parity check {pair.name}</code> · "
            f"<code>python -m parity diff {pair.name}</code></p>"]
    if rung_links:
        body.append(f"<p>The ladder: {rung_links}</p>")
    body += ["<h2>The math</h2>", math, "<h2>Parity</h2>", parity_table(records),
             "<h2>Benchmarks</h2>", bench_section(loops, charts)]
    if figures:
        body += ["<h2>Figures</h2>", f'<div class="plots">{figures}</div>']
    if evaluation and not step:
        body += ["<h2>Evaluation beyond accuracy</h2>", evaluation]
    if pair.spec.textbook and not step:
        body += ["<h2>The idea first</h2><p>scratch.py opens with the textbook form; the fast "
                 "form after it is checked equal to it, and parity runs both against the "
                 "framework. Here each is beside the framework code that does the same.</p>",
                 *idea_tables(pair)]
    body += [f"<h2>Side by side: {left_file} and {right_file}</h2>",
             f'<ul class="toc">{contents}</ul>', table]
    return page(pair.name, "\n".join(body), depth=1)


def evaluation_sections(pairs, out):
    """{pair: its evaluation section} for the classifier pairs, figures under out/evaluation."""
    from parity.evaluate import classifier_pairs, evaluate, write

    sections = {}
    for variant in classifier_pairs(pairs):
        folder = out / "evaluation" / variant.name.replace("/", "-")
        result = evaluate(variant)
        images = [path.relative_to(out).as_posix() for path in write(result, folder)
                  if path.suffix == ".png"]
        sections[variant.name.split("/")[0]] = evaluation_section(result, images)
    return sections


def build(out, pairs=None, parity_json=None, bench_folder=BENCH, plots=False):
    """Write the site into `out`; returns the paths of the pages written."""
    out = Path(out)
    pairs = registry.discover() if pairs is None else pairs
    results = parity_results(pairs, parity_json)
    bench = benchmark_rows(bench_folder)
    (out / "pairs").mkdir(parents=True, exist_ok=True)
    (out / "charts").mkdir(exist_ok=True)
    figures, evaluations = {}, {}
    if plots:
        from parity.plots import plot_pair

        (out / "plots").mkdir(exist_ok=True)
        figures = {pair.name: [path.name for path in plot_pair(pair, out / "plots")]
                   for pair in pairs}
        evaluations = evaluation_sections(pairs, out)
    written = [out / "index.html"]
    written[0].write_text(index_page(pairs, results, bench))
    for pair in pairs:
        charts = sorted(path.name for path in Path(bench_folder, "charts").glob(
            f"{pair.name}-*.png"))
        for chart in charts:
            shutil.copyfile(Path(bench_folder, "charts", chart), out / "charts" / chart)
        files = ladder(pair)
        steps = list(itertools.pairwise(files)) if pair.rungs else []
        links = " → ".join(
            [f'<a href="{pair.name}.html">scratch to framework</a>']
            + [f'<a href="{pair.name}.rung-{k}.html">rung {k - 1} to {k}</a>'
               for k in range(2, len(files) + 1)]) if steps else ""
        pages = [(f"{pair.name}.html", files[0], files[-1])]
        pages += [(f"{pair.name}.rung-{k}.html", left, right)
                  for k, (left, right) in enumerate(steps, start=2)]
        for name, left, right in pages:
            path = out / "pairs" / name
            path.write_text(pair_page(pair, left, right, results.get(pair.name, []),
                                      bench.get(pair.name, {}), charts,
                                      figures.get(pair.name, []), links,
                                      evaluations.get(pair.name, "")))
            written.append(path)
    return written
