"""report.html: self-contained (nothing fetched on load), every chart present, figures traced, renders in Chromium.

Links to sources are allowed only as <a href="http(s)://..."> (followed by a reader, never loaded by the
page); everything else that could make a browser fetch (src, <link>, url(...) other than #fragment,
@import, meta refresh) is refused. The browser test blocks every request other than the page itself,
so a fetch the static check missed would still fail it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import GOLDEN, load_json
from report_sections import audit_doc, bare, with_provider_sections, with_top_level_sections

from migrate.report import render_html

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FETCHING_ATTRS = {"src", "srcset", "data", "poster", "background", "action", "formaction", "ping", "manifest", "codebase"}


class _Fetches(HTMLParser):
    """Collects every place in a page that a browser would load on its own."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("link", "img", "iframe", "embed", "object", "audio", "video", "source", "image", "frame"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name in FETCHING_ATTRS:
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name in ("href", "xlink:href") and not value.startswith("#"):
                if not (tag == "a" and value.startswith(("https://", "http://"))):
                    self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "style":
                self._css(value, tag)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta refresh>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self._css(data, "style")

    def _css(self, css, where):
        if "@import" in css:
            self.found.append(f"@import in {where}")
        for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", css):
            if not target.startswith("#"):
                self.found.append(f"url({target}) in {where}")


def external_fetches(html: str) -> list[str]:
    parser = _Fetches()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("bad", ['<img src="https://example.org/x.png">', '<script src="app.js"></script>',
                                 '<link rel="stylesheet" href="https://cdn.example.org/x.css">',
                                 '<style>@import "x.css";</style>', '<div style="background:url(http://x/y.png)"></div>',
                                 '<svg><image xlink:href="http://x/y.png"/></svg>', '<use href="other.svg#a"/>'])
def test_the_checker_catches_fetches(bad):
    assert external_fetches(f"<html><body>{bad}</body></html>")
    assert not external_fetches('<a href="https://example.org/source">source</a><svg><use xlink:href="#m1"/></svg>'
                                '<path clip-path="url(#c1)"/>')


@pytest.fixture(scope="module")
def plan():
    return bare(load_json(GOLDEN / "plan.json"))


@pytest.fixture(scope="module")
def full_page(plan):
    full = with_top_level_sections(plan)
    return full, render_html.render(full, audit_doc(GOLDEN / "plan.json", full))


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """The README's demo: `migrate plan --demo --out DIR` (278 resources, every catalogued provider)."""
    from click.testing import CliRunner

    from migrate.cli import cli

    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["plan", "--demo", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


CHARTS = ["chart-cost", "chart-tco", "chart-effort", "chart-status", "chart-audit"]


def _charts(html: str) -> list[str]:
    return re.findall(r'<svg role="img" aria-labelledby="(chart-[a-z]+)-title"', html)


def test_plain_plan_has_core_charts_and_no_optional_section(plan):
    html = render_html.render(plan)
    assert external_fetches(html) == []
    assert _charts(html) == ["chart-cost", "chart-effort", "chart-status"]
    for anchor in ("tco", "waves", "transfer", "best-mix", "azure-costs"):
        assert f'<section id="{anchor}"' not in html
    assert "No audit in this report" in html


def test_every_section_and_chart_when_present(full_page):
    full, html = full_page
    assert external_fetches(html) == []
    assert _charts(html) == CHARTS
    for anchor in ("providers", "tco", "effort", "waves", "status", "transfer", "best-mix", "azure-costs", "gaps", "audit",
                   "resources", "sources"):
        assert f'<section id="{anchor}" aria-labelledby="h-{anchor}"><h2 id="h-{anchor}">' in html
    assert "by migration wave" in html                                   # effort is split by wave when waves exist
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    # One <script>, inline; ids unique (charts prefix theirs).
    assert html.count("<script") == 1 and "<script>" in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_figures_carry_their_source_and_the_plan_values(full_page):
    full, html = full_page
    figures = re.findall(r"<figure title=\"([^\"]*)\">.*?<figcaption>(.*?)</figcaption>", html, re.S)
    assert len(figures) == len(CHARTS) and all(title and "Source:" in cap for title, cap in figures)
    for p in full["providers"]:
        assert f'data-sort="{float(p["monthly_eur"])!r}" title="sum of the {p["id"]} lines' in html
        assert f'data-sort="{float(p["tco"]["total_eur"])!r}"' in html
    line = next(r for r in full["resources"] if r["name"] == "vm-fits")["targets"]["alpha"]
    assert f'{line["formula"]}' in html
    assert html.count('class="est"') >= 1 + sum(t["estimate"] for r in full["resources"] for t in r["targets"].values())
    # Every row of the resources table: one resource, each provider's line.
    table = re.search(r'<table class="sortable" id="resources-table">.*?</table>', html, re.S).group(0)
    assert table.count("<tr>") == 1 + len(full["resources"])


def test_unverified_figures_are_marked(plan):
    doc = with_provider_sections(plan)
    before = render_html.render(doc)
    line = doc["resources"][3]["targets"]["alpha"]
    assert line["verified"] and line["monthly_eur"] is not None
    line["verified"] = False
    after = render_html.render(doc)
    assert after.count('<abbr class="unv"') == before.count('<abbr class="unv"') + 1


def test_render_is_byte_identical_across_processes(plan, tmp_path):
    """Same plan, same bytes, in another interpreter (another hash seed): charts and ids are stable."""
    doc = with_provider_sections(plan)
    here = render_html.render(doc)
    assert here == render_html.render(doc)
    src = tmp_path / "plan.json"
    src.write_text(__import__("json").dumps(doc))
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", "from migrate.cli import main; main()", "report", str(src), "--format",
                          "html"], capture_output=True, env=env, check=True, timeout=120)
    assert out.stdout.decode() == here


def test_demo_report_is_self_contained_and_reasonable(demo_dir):
    html = (demo_dir / "report.html").read_text()
    assert external_fetches(html) == []
    assert _charts(html) == ["chart-cost", "chart-tco", "chart-effort", "chart-status"]   # the plan's own TCO
    assert '<section id="transfer"' in html and '<section id="best-mix"' in html
    assert len(html) < 2_000_000                     # one row per resource, not one per resource and provider
    assert html.count("<tr>") >= 278


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (tests/install-servers does it)")
def test_page_loads_in_headless_chromium_with_no_error(full_page, demo_dir, tmp_path):
    from playwright.sync_api import sync_playwright

    _, html = full_page
    page_file = tmp_path / "report.html"
    page_file.write_text(html)
    # A control page that does fetch: proves the blocking below would catch a fetch.
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<!DOCTYPE html><html><body><img src="https://example.org/pixel.png" alt=""></body></html>')

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"] if os.geteuid() == 0 else [])
        try:
            def visit(path: Path, shot: Path | None = None):
                context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
                page = context.new_page()
                problems, fetched = [], []
                page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                        if m.type in ("error", "warning") else None)
                page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))

                def route(r):
                    if r.request.url == path.as_uri():
                        return r.continue_()
                    fetched.append(r.request.url)
                    return r.abort()

                page.route("**/*", route)
                page.goto(path.as_uri(), wait_until="load")
                result = {"problems": problems, "fetched": fetched, "page": page}
                if shot:
                    page.screenshot(path=str(shot), full_page=False)
                return result, context

            control, ctx = visit(leaky)
            assert control["fetched"] == ["https://example.org/pixel.png"]
            ctx.close()

            for source in (page_file, demo_dir / "report.html"):
                shot = tmp_path / f"{source.parent.name}.png"
                seen, ctx = visit(source, shot)
                page = seen["page"]
                for chart in _charts(source.read_text()):
                    box = page.locator(f'svg[aria-labelledby="{chart}-title"]').bounding_box()
                    assert box and box["width"] > 300 and box["height"] > 100, chart
                # Sorting works: click "EUR/month" in the providers table, rows come back ascending.
                page.locator("#providers-table thead th", has_text="EUR/month").first.locator("button").click()
                values = page.eval_on_selector_all("#providers-table tbody tr td:nth-child(2)",
                                                   "tds => tds.map(td => Number(td.dataset.sort))")
                assert values == sorted(values) and len(values) >= 2
                assert seen["problems"] == [] and seen["fetched"] == []
                ctx.close()
                data = shot.read_bytes()
                assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
                from PIL import Image

                with Image.open(shot) as im:
                    assert im.size == (1280, 900) and len(im.convert("RGB").getcolors(1 << 20) or []) > 50
        finally:
            browser.close()
    if os.environ.get("MIGRATE_KEEP_SCREENSHOT"):
        shutil.copy(tmp_path / f"{demo_dir.name}.png", os.environ["MIGRATE_KEEP_SCREENSHOT"])


def test_a_large_plan_keeps_the_page_small(plan):
    """Past MAX_RESOURCE_ROWS resources the table keeps the largest Azure costs and says where the rest are."""
    doc = dict(plan)
    copies = render_html.MAX_RESOURCE_ROWS // len(plan["resources"]) + 1
    doc["resources"] = [dict(r, id=f"{r['id']}-{i:04d}", name=f"{r['name']}-{i:04d}")
                        for i in range(copies) for r in plan["resources"]]
    html = render_html.render(doc)
    table = re.search(r'<table class="sortable" id="resources-table">.*?</table>', html, re.S).group(0)
    assert table.count("<tr>") == 1 + render_html.MAX_RESOURCE_ROWS
    assert f"of {len(doc['resources']):,}" in html and "plan.xlsx, resources.csv" in html
    largest = max(plan["resources"], key=lambda r: r["azure"]["monthly_eur"] or 0)
    assert table.count(f'<td title="{largest["id"]}-') == copies     # every copy of the most expensive is kept
