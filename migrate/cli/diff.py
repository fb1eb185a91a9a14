"""`migrate diff`: what changed between two saved plans (and their audits), with rules that gate CI."""

from __future__ import annotations

from pathlib import Path

import click

from ..diff import RULES_HELP


def _audit_for(plan_file: Path, given: Path | None, notes: list[str]):
    """The audit given, or audit.json beside the plan; a note when it was run on another plan."""
    from ..sources.saved.outputs import load_audit
    from .report import audit_mismatch

    path = given if given is not None else (plan_file.parent / "audit.json")
    if given is None and not path.is_file():
        return None
    audit = load_audit(path)
    note = audit_mismatch(audit, plan_file.read_bytes(), plan_file)
    if note:
        notes.append(f"{path}: {note}")
    return audit


@click.command("diff")
@click.argument("old_plan", metavar="OLD/plan.json", type=click.Path(path_type=Path))
@click.argument("new_plan", metavar="NEW/plan.json", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "md", "json"]), default="table", show_default=True,
              help="md: Markdown fit for a pull-request comment.")
@click.option("--fail-on", "rules", multiple=True, metavar="RULE",
              help=f"Exit 1 when the change breaks RULE (repeatable): {RULES_HELP}.")
@click.option("--old-audit", type=click.Path(path_type=Path), default=None,
              help="Audit JSON of the old plan (default: audit.json beside it, if any).")
@click.option("--new-audit", type=click.Path(path_type=Path), default=None,
              help="Audit JSON of the new plan (default: audit.json beside it, if any).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to FILE instead of stdout.")
def diff(old_plan, new_plan, fmt, rules, old_audit, new_audit, output):
    """Show what changed from OLD/plan.json to NEW/plan.json.

    Resources added and removed; per provider the changes of disposition and offer, the monthly cost,
    TCO and effort (absolute and %), new and closed gaps; audit checks whose status changed (audits
    given, or audit.json beside each plan). Plans of different schema versions are refused. Exit code 1
    when a --fail-on rule is broken, 2 on bad input.
    """
    from ..diff import diff_plans, evaluate, parse_rule
    from ..report import render_diff, render_json
    from ..report.files import write_atomic
    from ..sources.saved.outputs import load_plan_to_compare

    parsed = [parse_rule(r) for r in rules]  # a bad rule is refused before any file is read
    old, old_sha = load_plan_to_compare(old_plan)
    new, new_sha = load_plan_to_compare(new_plan)
    notes: list[str] = []
    audits = (_audit_for(old_plan, old_audit, notes), _audit_for(new_plan, new_audit, notes))
    if (audits[0] is None) != (audits[1] is None):
        notes.append("only one of the plans has an audit: audit changes are not shown")
        audits = (None, None)
    doc = diff_plans(old, new, old_meta={"file": str(old_plan), "sha256": old_sha},
                     new_meta={"file": str(new_plan), "sha256": new_sha}, old_audit=audits[0], new_audit=audits[1],
                     audit_notes=notes)
    results = [evaluate(r, doc) for r in parsed]
    if fmt == "json":
        text = render_json.render({**doc, "rules": results})
    elif fmt == "md":
        text = render_diff.render_markdown(doc, results)
    else:
        text = render_diff.render_table(doc, results)
    if output is not None:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    broken = [r for r in results if r["triggered"]]
    for r in broken:
        click.echo(f"fail-on {r['rule']}: {'; '.join(r['detail'])}", err=True)
    if broken:
        raise SystemExit(1)


COMMANDS = [diff]
