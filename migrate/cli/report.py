"""`migrate report`: render a saved plan (and its audit) as HTML, XLSX, Markdown, CSV or JSON."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click


FORMATS = ["html", "xlsx", "md", "csv", "json"]
SUFFIXES = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".md": "md", ".csv": "csv", ".json": "json"}


def audit_mismatch(audit: dict, plan_bytes: bytes, plan_path: Path) -> str | None:
    """A note when the audit was run on another plan than the one rendered (its sha256 differs)."""
    recorded = str((audit.get("plan") or {}).get("sha256") or "").lower()
    actual = hashlib.sha256(plan_bytes).hexdigest()
    # The audit may record a shortened digest, as plan.json does for catalogues.
    if recorded and len(recorded) >= 8 and actual.startswith(recorded):
        return None
    return (f"The audit was run on a different plan ({(audit.get('plan') or {}).get('file')}, sha256 {recorded[:16] or 'not recorded'}) "
            f"than {plan_path.name} (sha256 {actual[:16]}): re-run migrate audit on this plan.")


def render(doc: dict, fmt: str, audit: dict | None = None, audit_note: str | None = None) -> str | bytes:
    """One place that maps a format to its renderer."""
    if fmt == "html":
        from ..report import render_html

        return render_html.render(doc, audit, audit_note)
    if fmt == "xlsx":
        from ..report import render_xlsx

        return render_xlsx.render(doc, audit)
    from ..report import render_csv, render_json, render_markdown

    return {"md": render_markdown.render, "csv": render_csv.render, "json": render_json.render}[fmt](doc)


@click.command("report", context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.argument("plan_file", metavar="PLAN.json", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: from the -o suffix, else html).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (required for xlsx; text formats go to stdout without it).")
@click.option("--audit", "audit_file", type=click.Path(path_type=Path), default=None,
              help="Audit JSON from `migrate audit --format json` (default: audit.json beside PLAN.json, if any).")
def report(plan_file, fmt, output, audit_file):
    """Render a saved plan: HTML page with charts, Excel workbook, Markdown, CSV or JSON.

    Figures are read from PLAN.json as they are (nothing is re-estimated); the HTML page and the
    workbook also show the exit-readiness audit when one is given or found beside the plan.
    """
    from ..report.files import write_atomic

    if fmt is None:
        fmt = SUFFIXES.get(output.suffix.lower(), "html") if output else "html"
    if fmt == "xlsx" and output is None:
        raise click.UsageError("xlsx needs -o FILE (a workbook is not printed on a terminal)")
    from ..sources.saved.outputs import load_audit, load_plan

    doc, _ = load_plan(plan_file)
    audit, note = None, None
    if audit_file is not None and fmt not in ("html", "xlsx"):
        click.echo(f"warning: {audit_file}: the audit is shown in html and xlsx only; {fmt} renders the plan alone",
                   err=True)
        audit_file = None
    elif audit_file is None and fmt in ("html", "xlsx") and (plan_file.parent / "audit.json").is_file():
        audit_file = plan_file.parent / "audit.json"
    if audit_file is not None:
        audit = load_audit(audit_file)
        note = audit_mismatch(audit, plan_file.read_bytes(), plan_file)
        if note:
            click.echo(f"warning: {audit_file}: {note}", err=True)
    content = render(doc, fmt, audit, note)
    if output is None:
        click.echo(content, nl=False)
        return
    write_atomic(output, content)
    click.echo(f"wrote {output} ({fmt}{', with the audit ' + str(audit_file) if audit else ''})", err=True)


COMMANDS = [report]
