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
@click.option("--framework", "framework_id", default=None, metavar="NAME",
              help="Run only the checks of one framework (dora, eu-data-act, secnumcloud-3.2...) and show its "
                   "requirements; see --list-frameworks.")
@click.option("--list-frameworks", is_flag=True, help="List the frameworks with their requirements and exit.")
@click.option("--soft-fail", is_flag=True, help="Exit 0 even when a check fails or is unknown.")
@click.option("--init-evidence", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Write a commented evidence template to FILE and exit.")
def audit(plan, evidence, profile, target, as_of, config, fmt, output, framework_id, list_frameworks, soft_fail,
          init_evidence):
    """Check a saved plan (PLAN.json) and your evidence against exit-readiness rules.

    Each check cites the requirements it evidences (DORA, Data Act, SecNumCloud, HDS...) and returns PASS
    (what was given meets the rule), FAIL (what was given breaks it), UNKNOWN (what it needs was not given:
    the reason names the key to fill) or SKIPPED (nothing it applies to). Exit code 0 when every applicable
    check passes, 1 when one fails, 3 when none fails but some are unknown (0 for both with --soft-fail),
    2 on bad input.
    """
    from ..audit.evidence import template
    from ..audit.frameworks import by_id
    from ..audit.render import RENDERERS
    from ..audit.run import audit_document, exit_code, run_audit
    from ..report.files import write_atomic
    from ..sources.saved.evidence import load_evidence

    if list_frameworks:
        _list_frameworks(fmt)
        return
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
    framework = by_id(framework_id) if framework_id else None
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
    from ..audit.registry import CHECKS

    checks = tuple(c for c in CHECKS if c.id in {i for r in framework.requirements for i in r.checks}) \
        if framework else CHECKS
    results = run_audit(plan_doc, ev, settings, profile, checks)
    doc = audit_document(results, plan_file=str(plan), plan_sha256=sha, as_of=day, profile=profile,
                         evidence_file=str(evidence) if evidence else None, settings=settings, framework=framework)
    text = RENDERERS[fmt](doc)
    if output is not None:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    s = doc["summary"]
    click.echo(f"audit: {s['pass']} pass, {s['fail']} fail, {s['unknown']} unknown, {s['skipped']} skipped; "
               f"{doc['verdict']}", err=True)
    code = exit_code(s)
    if code and not soft_fail:
        raise SystemExit(code)


def _list_frameworks(fmt: str) -> None:
    """Every framework with its requirements (ref, checks, whether its wording was confirmed)."""
    import json

    from ..audit.frameworks import frameworks

    fws = frameworks()
    if fmt == "json":
        click.echo(json.dumps([{"id": f.id, "title": f.title, "document": f.document, "profiles": list(f.profiles),
                                "requirements": [{"id": r.id, "ref": r.ref, "summary": r.summary,
                                                  "checks": list(r.checks), "verified": r.verified}
                                                 for r in f.requirements]} for f in fws], indent=2, ensure_ascii=False))
        return
    for f in fws:
        confirmed = sum(r.confirmed for r in f.requirements)
        click.echo(f"{f.id}: {f.title}\n  {f.document['title']} <{f.document['url']}>\n"
                   f"  {len(f.requirements)} requirement(s), {confirmed} with wording confirmed; profiles "
                   f"{', '.join(f.profiles)}")
        for r in f.requirements:
            flag = "" if r.confirmed else "  (unconfirmed)"
            click.echo(f"  - {r.ref}: {', '.join(r.checks)}{flag}")
        click.echo("")


COMMANDS = [audit]
