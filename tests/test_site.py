"""The reader site: every pair has a page with both files whole, and the pages render in a real
headless browser (Debian's chromium) with both columns laid out, every section anchor
resolving, every image loaded and nothing on the console."""

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from parity.plots import plot_pair
from parity.registry import discover
from parity.site import build

PAIRS = discover()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install "
                                                              "chromium; .ci/run installs it)")


@pytest.fixture(scope="module")
def site(request, tmp_path_factory):
    """The reader site, built for the pairs that this file's selected tests look at: every
    pair, unless each selected test is about one pair (`pytest -k NAME`), when only those are
    built (and their parity run), so that checking one pair takes seconds, not minutes."""
    out = tmp_path_factory.mktemp("site")
    build(out, pairs_looked_at(request.session.items, request.module))
    return out


def pairs_looked_at(items, module):
    """The pairs of the selected tests of `module` that take a pair; all, if any does not."""
    mine = [item for item in items if item.module is module]
    params = [getattr(item, "callspec", None) for item in mine]
    if any(found is None or "pair" not in found.params for found in params):
        return PAIRS
    named = {found.params["pair"].name for found in params}
    return [pair for pair in PAIRS if pair.name in named]


def cells(page, side):
    """The text of every code line in one column of a pair page, in order."""
    rows = re.findall(rf'<td class="{side}">(.*?)</td>', page)
    return [html.unescape(re.sub(r"<[^>]+>", "", row)) for row in rows]


def test_the_index_links_every_pair_with_its_parity_and_benchmarks(site):
    index = (site / "index.html").read_text()
    for pair in PAIRS:
        assert f'href="pairs/{pair.name}.html"' in index, pair.name
    failing = [re.search(r'pairs/([^"]+)\.html', row).group(1) for row in index.split("<tr>")
               if 'class="fail"' in row]
    assert "fail" not in re.findall(r'<td class="(pass|fail)">', index), failing
    assert "step 1." in index or "step 0." in index                  # a benchmark ratio


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_each_page_holds_both_files_whole_in_aligned_sections(site, pair):
    page = (site / "pairs" / f"{pair.name}.html").read_text()
    scratch = (pair.directory / "scratch.py").read_text().splitlines()
    framework = (pair.directory / "framework.py").read_text().splitlines()
    assert [line for line in cells(page, "left") if line] == [line for line in scratch if line]
    assert [line for line in cells(page, "right") if line] == [
        line for line in framework if line]
    anchors = re.findall(r'<tbody id="([^"]+)" class="section">', page)
    assert len(anchors) == len(set(anchors)), "section anchors must be unique"
    assert set(re.findall(r'<a href="#([^"]+)">', page)) <= set(anchors)
    assert "<script" not in page, "the pages need no JavaScript"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "nothing from another host"


def test_a_page_shows_the_textbook_form_beside_the_framework_first(site):
    page = (site / "pairs" / "kmeans.html").read_text()
    idea, files = page.index("The idea first"), page.index("Side by side")
    assert idea < files
    beside = page[idea:files]
    assert "scratch.py: nearest_centres, cluster_sums" in beside
    assert "framework.py: KMeans.fit" in beside
    assert "argmin" in beside
    assert "cluster.KMeans" in beside
    assert "The idea first" not in (site / "pairs" / "mlp.html").read_text()


def test_a_ladder_gets_a_page_per_step(site):
    for pair in (p for p in PAIRS if p.rungs):
        for k in range(2, len(pair.rungs) + 3):
            assert (site / "pairs" / f"{pair.name}.rung-{k}.html").exists()


@pytest.mark.parametrize("name", ["mlp", "dbscan", "gradient_boosting", "activations"])
def test_the_figures_are_drawn_from_both_sides(name, tmp_path):
    (pair,) = discover(names=[name])
    paths = plot_pair(pair, tmp_path)
    expected = {"mlp": {"mlp-loss.png", "mlp-regions.png"},
                "dbscan": {"dbscan-clusters.png", "dbscan-vs-kmeans.png"},
                "gradient_boosting": {"gradient_boosting-regions.png"},
                "activations": set()}[name]
    assert {path.name for path in paths} == expected
    for path in paths:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- in a real browser -------------------------------------------------------------------

PROBE = """<script>
window.addEventListener("load", () => {
const table = document.querySelector("table.code");
const columns = table ? [...table.querySelectorAll("thead th")].map(
    th => th.getBoundingClientRect().width) : [];
const links = [...document.querySelectorAll("a[href^='#']")];
document.body.setAttribute("data-probe", JSON.stringify({
  columns: columns,
  viewport: window.innerWidth,
  sections: document.querySelectorAll("tbody.section").length,
  unresolved: links.filter(a => !document.getElementById(a.getAttribute("href").slice(1)))
                   .map(a => a.getAttribute("href")),
  brokenImages: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))
                                    .map(i => i.getAttribute("src")),
  leftLines: document.querySelectorAll("td.left").length,
}));
});
</script>"""
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def open_in_browser(page, tmp_path, screenshot=None):
    """Load a copy of `page` with the probe script in chromium; (probe results, console lines).
    The copy sits beside the page, so that its relative links and images resolve alike."""
    probed = page.with_name(f"probe-{page.name}")
    probed.write_text(page.read_text().replace("</body>", PROBE + "</body>"))
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
               "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
               "--window-size=1500,1000", "--dump-dom", probed.as_uri()]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    probed.unlink()
    found = re.search(r"data-probe=\"([^\"]*)\"", run.stdout)
    assert found, f"the probe did not run:\n{run.stderr[-2000:]}"
    probe = json.loads(html.unescape(found[1]))
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    if screenshot:
        subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'shots'}",
                        "--window-size=1500,2400", f"--screenshot={screenshot}",
                        page.as_uri()], capture_output=True, timeout=120, check=True)
    return probe, console


@needs_chromium
@pytest.mark.parametrize("page", ["index.html", "pairs/mlp.html", "pairs/mlp.rung-2.html",
                                  "pairs/metrics.html", "pairs/kmeans.html"])
def test_pages_render_in_headless_chromium(site, page, tmp_path):
    name = Path(page).stem.replace(".", "-")
    screenshot = tmp_path / f"{name}.png"
    probe, console = open_in_browser(site / page, tmp_path, screenshot)
    print(f"screenshot: {screenshot}")
    assert console == [], console
    assert probe["brokenImages"] == []
    assert probe["unresolved"] == []
    if page != "index.html":
        left, _, right = probe["columns"]
        assert left > 0.4 * probe["viewport"], probe              # both columns laid out
        assert right > 0.4 * probe["viewport"], probe
        assert probe["sections"] > 5
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_chromium
def test_the_browser_check_can_fail(tmp_path):
    """A page with a broken image, a dangling anchor and a console error fails all three."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><body><img src="missing.png"><a href="#nowhere">x</a>'
                    '<script>console.error("boom")</script></body></html>')
    probe, console = open_in_browser(page, tmp_path)
    assert probe["brokenImages"] == ["missing.png"]
    assert probe["unresolved"] == ["#nowhere"]
    assert any('"boom"' in line for line in console)


def test_one_pairs_tests_build_one_pairs_site_and_any_other_test_builds_all():
    from types import SimpleNamespace

    module = object()
    one = [SimpleNamespace(module=module, callspec=SimpleNamespace(params={"pair": PAIRS[0]}))]
    other = [SimpleNamespace(module=object())]             # another file's test: not counted
    assert pairs_looked_at(one + other, module) == [PAIRS[0]]
    plain = [SimpleNamespace(module=module)]               # a test about the whole site
    assert pairs_looked_at(one + plain, module) == PAIRS
