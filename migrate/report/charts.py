"""Charts for the HTML report: matplotlib, drawn to inline SVG, byte-identical from one run to the next.

Every function takes figures already in plan.json (or the audit) and draws them; none computes a cost
or an effort. Each returns an SVG fragment ready to sit inside an HTML page (no XML prolog, no DOCTYPE,
no metadata, ids prefixed so that several charts in one page never share an id).
"""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")  # no display, and never a GUI backend picked from the environment

import matplotlib.ticker  # noqa: E402  (after the backend is chosen)
from matplotlib.figure import Figure  # noqa: E402

# Status colours, also used by the HTML tables (keep the two in step); chosen to stay distinct for the
# common colour-vision deficiencies, and every chart also labels its segments in text.
STATUS_COLOURS = {"equivalent": "#1b7837", "partial": "#a6dba0", "self-managed": "#5aae61", "gap": "#c2185b",
                  "retire": "#9e9e9e", "unmapped": "#5c3c92"}
AUDIT_COLOURS = {"PASS": "#1b7837", "FAIL": "#c2185b", "UNKNOWN": "#f9a825", "SKIPPED": "#9e9e9e"}
AZURE_COLOUR = "#0b3d91"
SERIES = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
          "#17becf", "#393b79", "#637939"]

_RC = {"svg.hashsalt": "migrate-report", "svg.fonttype": "none", "font.size": 9, "font.family": "DejaVu Sans",
       "axes.spines.top": False, "axes.spines.right": False}


def _svg(fig: Figure, name: str, title: str) -> str:
    buf = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and the DOCTYPE (which names an external DTD)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # Prefix every id and reference so that two charts in one page cannot collide.
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{name}-\1"', svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{name}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{name}-\1)", svg)
    # An accessible name for screen readers and a tooltip on hover.
    head_end = svg.index(">") + 1
    head = svg[:head_end].replace("<svg ", f'<svg role="img" aria-labelledby="{name}-title" ', 1)
    return f'{head}<title id="{name}-title">{_xml(title)}</title>{svg[head_end:]}'


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _figure(rows: int, min_height: float = 2.0) -> Figure:
    with matplotlib.rc_context(_RC):
        return Figure(figsize=(8.0, max(min_height, 0.38 * rows + 1.1)))


def _eur(x: float) -> str:
    return f"{x:,.0f}"


def monthly_cost(providers: list[dict], azure_monthly: float | None) -> str:
    """Horizontal bars: each provider's monthly run cost (plan total), with Azure's as a dashed line."""
    fig = _figure(len(providers))
    with matplotlib.rc_context(_RC):
        ax = fig.add_subplot()
        names = [p["name"] for p in providers][::-1]
        values = [p["monthly_eur"] or 0.0 for p in providers][::-1]
        lows = [(p.get("scenario") or {}).get("range_eur", {}).get("low", p["monthly_eur"] or 0.0) for p in providers][::-1]
        highs = [(p.get("scenario") or {}).get("range_eur", {}).get("high", p["monthly_eur"] or 0.0) for p in providers][::-1]
        bound = [bool(p.get("lower_bound")) for p in providers][::-1]
        err = [[max(v - lo, 0.0) for v, lo in zip(values, lows)], [max(hi - v, 0.0) for v, hi in zip(values, highs)]]
        bars = ax.barh(names, values, color=SERIES[0], xerr=err, error_kw={"ecolor": "#555555", "capsize": 3, "lw": 1})
        for bar, v, hi, lb in zip(bars, values, highs, bound):
            ax.text(max(hi, bar.get_width()), bar.get_y() + bar.get_height() / 2, f" {'≥ ' if lb else ''}{_eur(v)}",
                    va="center", fontsize=8)
        if azure_monthly is not None:
            ax.axvline(azure_monthly, color=AZURE_COLOUR, linestyle="--", linewidth=1.5,
                       label=f"Azure today: {_eur(azure_monthly)} EUR/month")
            ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
        ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        ax.set_xlabel("EUR per month, excl. VAT (each scenario's resource lines; whiskers: low-high range)")
        ax.margins(x=0.15)
    return _svg(fig, "chart-cost", "Monthly run cost per provider against Azure today")


def _scaled(top: float) -> matplotlib.ticker.Formatter:
    """Axis labels in M or k EUR, whichever keeps them short and distinct."""
    if top >= 2e6:
        return matplotlib.ticker.FuncFormatter(lambda v, _: f"{v / 1e6:,.1f} M")
    if top >= 2e3:
        return matplotlib.ticker.FuncFormatter(lambda v, _: f"{v / 1e3:,.0f} k")
    return matplotlib.ticker.StrMethodFormatter("{x:,.0f}")


def cumulative_tco(providers: list[dict]) -> str:
    """Lines: cumulative cost month by month at each provider (one-off costs included) and staying on Azure."""
    fig = _figure(8, min_height=3.6)
    with matplotlib.rc_context(_RC):
        ax = fig.add_subplot()
        azure = None
        for i, p in enumerate(providers):
            cum = p["tco"]["cumulative"]
            ax.plot([c["month"] for c in cum], [c["provider_eur"] for c in cum], color=SERIES[i % len(SERIES)],
                    linewidth=1.4, label=p["name"])
            azure = azure or cum
        ax.plot([c["month"] for c in azure], [c["azure_eur"] for c in azure], color=AZURE_COLOUR, linestyle="--",
                linewidth=2, label="Stay on Azure")
        ax.set_xlabel("months from the start of the migration")
        ax.set_ylabel("cumulative EUR, excl. VAT")
        top = max(max(c["provider_eur"], c["azure_eur"]) for p in providers for c in p["tco"]["cumulative"])
        ax.yaxis.set_major_formatter(_scaled(top))
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=7)
        ax.grid(axis="y", linewidth=0.3)
    return _svg(fig, "chart-tco", "Cumulative cost over the TCO horizon, per provider and staying on Azure")


def stacked(name: str, title: str, rows: list[str], segments: list[tuple[str, list[float], str]], xlabel: str,
            show_totals: bool = True) -> str:
    """Horizontal stacked bars: one bar per row, one segment per (label, values, colour)."""
    fig = _figure(len(rows))
    with matplotlib.rc_context(_RC):
        ax = fig.add_subplot()
        labels = rows[::-1]
        left = [0.0] * len(rows)
        for label, values, colour in segments:
            vals = values[::-1]
            ax.barh(labels, vals, left=left, color=colour, label=label, edgecolor="white", linewidth=0.4)
            left = [a + b for a, b in zip(left, vals)]
        if show_totals:
            for y, total in enumerate(left):
                ax.text(total, y, f" {total:,.0f}", va="center", fontsize=8)
        ax.set_xlabel(xlabel)
        ax.margins(x=0.12)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.6 / max(len(rows), 1)), frameon=False,
                  fontsize=7, ncol=min(5, max(len(segments), 1)))
    return _svg(fig, name, title)


def audit_summary(summary: dict) -> str:
    """Bars: how many checks passed, failed, are unknown or skipped."""
    keys = ["PASS", "FAIL", "UNKNOWN", "SKIPPED"]
    fig = _figure(4, min_height=1.9)
    with matplotlib.rc_context(_RC):
        ax = fig.add_subplot()
        values = [summary.get(k.lower(), 0) for k in keys][::-1]
        bars = ax.barh(keys[::-1], values, color=[AUDIT_COLOURS[k] for k in keys[::-1]])
        for bar, v in zip(bars, values):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {v}", va="center", fontsize=8)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.set_xlabel("checks")
        ax.margins(x=0.1)
    return _svg(fig, "chart-audit", "Exit-readiness checks by result")
