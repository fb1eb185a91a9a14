"""`migrate audit`: exit-readiness checks of a saved plan against named rules, with evidence."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from ..errors import MigrateError

FORMATS = ["table", "json", "junit", "sarif"]
PROFILES = ["all", "fin", "fr-public", "health"]


def _as_of(value: str | None) -> str:
    if value is None:
        return datetime.date.today().isoformat()
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise MigrateError(None, f"--as-of {value!r} is not a date", place="--as-of", fix="write it as YYYY-MM-DD") from None


def _settings(config: Path | None, as_of: str, target: str | None) -> dict:
    from ..config import load_config

    return {**load_config(config)["audit"], "as_of": as_of, "target": target}


@click.command()
@click.argument("plan", required=False, type=click.Path(path_type=Path))
@click.option("--evidence", type=click.Path(path_type=Path), default=None,
              help="Evidence YAML (exit plan, tests, contracts, classification); see --init-evidence.")
@click.option("--profile", type=click.Choice(PROFILES), default="all", show_default=True,
              help="Rules to apply: fin (DORA/EBA), fr-public (SecNumCloud doctrine), health (HDS); others SKIPPED.")
@click.option("--provider", "target", default=None,
              help="Target provider of the plan to audit (default: evidence target.provider, or the plan's only one).")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Audit date for every age and validity check (default: today); makes runs reproducible.")
@click.option("--config", type=click.Path(path_type=Path), default=None,
              help="YAML overriding section `audit` of the defaults (thresholds, classes; see examples/config.yaml).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to FILE instead of stdout.")
@click.option("--soft-fail", is_flag=True, help="Exit 0 even when a check fails.")
@click.option("--init-evidence", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Write a commented evidence template to FILE and exit.")
def audit(plan, evidence, profile, target, as_of, config, fmt, output, soft_fail, init_evidence):
    """Check a saved plan (PLAN.json) and your evidence against exit-readiness rules.

    Each check cites its legal basis (DORA, Data Act, SecNumCloud, HDS...) and returns PASS, FAIL,
    UNKNOWN (an input is missing: itself a finding) or SKIPPED, with a reason and the resources
    concerned. Exit code 1 if a check fails (0 with --soft-fail), 2 on bad input.
    """
    from ..audit.evidence import template
    from ..audit.render import RENDERERS
    from ..audit.run import audit_document, run_audit
    from ..report.files import write_atomic
    from ..sources.saved.evidence import load_evidence

    if init_evidence is not None:
        if Path(init_evidence).exists():
            raise MigrateError(str(init_evidence), "file exists; the template would overwrite it",
                               fix="give a new file name or remove the file")
        write_atomic(init_evidence, template())
        click.echo(f"wrote evidence template {init_evidence}", err=True)
        return
    if plan is None:
        raise click.UsageError("give PLAN.json (or --init-evidence FILE)")
    day = _as_of(as_of)
    settings = _settings(config, day, target)
    from ..sources.saved.outputs import load_plan

    plan_doc, sha = load_plan(plan, full_schema=False)  # checks report missing keys as UNKNOWN
    if target and target not in [p["id"] for p in plan_doc.get("providers") or []]:
        raise MigrateError(str(plan), f"provider {target!r} is not in the plan", place="--provider",
                           fix=f"use one of {', '.join(p['id'] for p in plan_doc.get('providers') or [])}")
    ev = load_evidence(evidence) if evidence is not None else None
    chosen = ((ev or {}).get("target") or {}).get("provider")
    if chosen and not target and chosen not in [p["id"] for p in plan_doc.get("providers") or []]:
        raise MigrateError(str(evidence), f"provider {chosen!r} is not in the plan {plan}", place="target.provider",
                           fix=f"use one of {', '.join(p['id'] for p in plan_doc.get('providers') or [])}, "
                               "or plan with that provider")
    results = run_audit(plan_doc, ev, settings, profile)
    doc = audit_document(results, plan_file=str(plan), plan_sha256=sha, as_of=day, profile=profile,
                         evidence_file=str(evidence) if evidence else None, settings=settings)
    text = RENDERERS[fmt](doc)
    if output is not None:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    s = doc["summary"]
    click.echo(f"audit: {s['pass']} pass, {s['fail']} fail, {s['unknown']} unknown, {s['skipped']} skipped", err=True)
    if s["fail"] and not soft_fail:
        raise SystemExit(1)


COMMANDS = [audit]
