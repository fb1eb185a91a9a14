"""What the checks read from a plan document and an evidence dict: small pure helpers, no I/O."""

from __future__ import annotations

import datetime
import fnmatch

NO_EVIDENCE = "no evidence file given: run `migrate audit --init-evidence evidence.yaml`, fill it in and pass --evidence"
NO_TRANSFER = ("plan has no transfer estimate: run migrate plan with the transfer/TCO options (README, "
               "section on TCO and transfer) so plan.json carries `transfer`")
NO_WAVES = "plan has no migration waves: run migrate plan with --waves so plan.json carries `waves` and `depends_on`"
NO_LABELS = ("plan has no resource labels: re-run migrate plan (labels come from the tags named in config "
             "audit.labels) or classify resources under data_classification in the evidence")
# What a check that reads resource labels (labels()) declares it reads: tags in the plan, evidence that wins.
LABEL_INPUTS = ("resources[].labels", "evidence: data_classification[].resources",
                "evidence: data_classification[].classification", "evidence: critical_functions[].name",
                "evidence: critical_functions[].resources", "evidence: critical_functions[].critical")
IN_SCOPE = ("migrate", "unmapped")        # dispositions that must move; `included` ones move with their parent


def resources(plan: dict) -> list[dict]:
    return plan.get("resources") or []


def moving(plan: dict) -> list[dict]:
    """Resources that need a decision of their own (not retired, not carried by a parent)."""
    return [r for r in resources(plan) if r.get("disposition") in IN_SCOPE]


def data_bearing(plan: dict) -> list[dict]:
    return [r for r in moving(plan) if r.get("data_bearing")]


def section(evidence: dict | None, *keys):
    """evidence[k1][k2]... or None when any level is absent."""
    node = evidence
    for k in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(k)
    return node


def matches(resource_id: str, patterns) -> bool:
    """Resource ids are matched case-insensitively (ARM ids are), exactly or as shell globs."""
    rid = resource_id.lower()
    return any(fnmatch.fnmatchcase(rid, str(p).lower()) for p in (patterns or []))


def covering(evidence: dict | None, path: tuple[str, ...], resource_id: str, what: str | None = None) -> dict | None:
    """The first entry of an evidence list (entries with `resources: [globs]`) that covers a resource and, when
    ``what`` is given, says it (an entry naming resources but no decision, step or format covers nothing)."""
    for entry in section(evidence, *path) or []:
        if what is not None and not text(entry.get(what)):
            continue
        if matches(resource_id, entry.get("resources")):
            return entry
    return None


def text(value) -> str | None:
    """A non-empty string, or None (an empty or blank value is no value)."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def labels(plan: dict, evidence: dict | None) -> dict[str, dict]:
    """Per resource id: classification, business function, critical — plan labels, overridden by evidence."""
    out = {}
    for r in resources(plan):
        lab = dict(r.get("labels") or {"classification": None, "business_function": None, "critical": None})
        cls = covering(evidence, ("data_classification",), r["id"])
        if cls is not None:
            lab["classification"] = cls.get("classification")
        for fn in section(evidence, "critical_functions") or []:
            if matches(r["id"], fn.get("resources")):
                lab["business_function"] = fn.get("name")
                if fn.get("critical") is not None:
                    lab["critical"] = bool(fn.get("critical"))
                break
        out[r["id"]] = lab
    return out


def has_labels(plan: dict, evidence: dict | None) -> bool:
    return any("labels" in r for r in resources(plan)) or bool(
        section(evidence, "data_classification") or section(evidence, "critical_functions"))


def class_of(value, settings: dict) -> str | None:
    """Sensitivity family of a classification value (health, sensitive, personal, none) or None if unrecognised."""
    if value is None:
        return None
    v = str(value).strip().lower()
    for family in ("health", "sensitive", "personal", "none"):
        if v in {str(x).lower() for x in settings["classes"].get(family, [])}:
            return family
    return None


def target(plan: dict, evidence: dict | None, settings: dict) -> tuple[str | None, str]:
    """The provider the exit goes to: --provider, else evidence target.provider, else the plan's only provider."""
    chosen = settings.get("target") or section(evidence, "target", "provider")
    ids = [p["id"] for p in plan.get("providers") or []]
    if chosen:
        if chosen not in ids:
            return None, f"target provider {chosen!r} is not in the plan (plan has {', '.join(ids) or 'none'})"
        return chosen, ""
    if len(ids) == 1:
        return ids[0], ""
    return None, (f"no target provider chosen among the {len(ids)} planned ({', '.join(ids)}): pass --provider P "
                  "or set target.provider in the evidence")


def provider(plan: dict, pid: str) -> dict:
    return next(p for p in plan.get("providers") or [] if p["id"] == pid)


def line(resource: dict, pid: str) -> dict:
    return (resource.get("targets") or {}).get(pid) or {"status": "unmapped"}


def decision(evidence: dict | None, resource_id: str) -> dict | None:
    """The decision covering a resource: an entry that names it and says what (retire, rebuild, replace, keep)."""
    return covering(evidence, ("exit_plan", "decisions"), resource_id, "decision")


# Lines of plan.json written before dispositions existed carry only a status: what each status amounts to.
STATUS_DISPOSITION = {"equivalent": "offer", "partial": "offer", "self-managed": "self-managed", "retire": "retire",
                      "gap": "stays-on-azure", "unmapped": "stays-on-azure"}


def disposition(resource: dict, pid: str) -> str:
    """offer, self-managed, stays-on-azure or retire at a provider: the line's disposition, else from its status."""
    ln = line(resource, pid)
    return ln.get("disposition") or STATUS_DISPOSITION.get(ln.get("status"), "stays-on-azure")


def date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def as_of(settings: dict) -> datetime.date:
    return date(settings["as_of"])


def cutover(evidence: dict | None, settings: dict) -> datetime.date:
    return date(section(evidence, "target", "cutover_date")) or as_of(settings)


def add_months(d: datetime.date, months: float) -> datetime.date:
    """d plus a (possibly fractional) number of months, fractions as 30.44-day months."""
    whole = int(months)
    y, m = divmod(d.month - 1 + whole, 12)
    base = d.replace(year=d.year + y, month=m + 1, day=min(d.day, 28))
    return base + datetime.timedelta(days=round((months - whole) * 30.44))


def qualification(prov: dict, qid: str) -> dict | None:
    return next((q for q in prov.get("qualifications") or [] if q.get("id") == qid), None)


def qualification_problem(prov: dict, qid: str, on: datetime.date, settings: dict) -> tuple[str | None, bool]:
    """(problem, unknown): why provider-level qualification qid is not valid on a date, or None if it is."""
    q = qualification(prov, qid)
    if q is None or q.get("status") not in ("qualified", "certified"):
        return f"{prov['id']} holds no {qid} ({q.get('status') if q else 'not listed'})", False
    until = date(q.get("valid_until"))
    if until is None and q.get("date"):
        years = settings["thresholds"].get(f"{qid}_validity_years")
        until = add_months(date(q["date"]), 12 * years) if years else None
    if until is None:
        return f"{prov['id']} {qid}: validity end not recorded in the catalogue", True
    if until < on:
        return f"{prov['id']} {qid} valid until {until.isoformat()}, before {on.isoformat()}", False
    return None, False


def offers_of(resource: dict, pid: str) -> list[str]:
    """Offer ids a resource's line uses at a provider (the offer and what it runs on)."""
    ln = line(resource, pid)
    ids = [ln.get("offer_id")]
    if ln.get("runs_on"):
        ids.append(ln["runs_on"].get("offer_id"))
    return [i for i in ids if i]


def offer(prov: dict, offer_id: str) -> dict:
    return (prov.get("offers") or {}).get(offer_id) or {}


def country_of(text: str | None, settings: dict) -> str | None:
    """ISO code of a country given as a code or an English name (the last comma part of 'City, Country')."""
    if not text:
        return None
    last = str(text).split(",")[-1].strip()
    names = {**settings["eu_countries"], **settings["eea_countries"], **settings.get("other_countries", {})}
    for code, name in names.items():
        if last.upper() == code or last.lower() == str(name).lower():
            return code
    return last.upper() if len(last) == 2 else None


def listing(ids, limit: int = 3) -> str:
    ids = sorted(ids)
    names = [i.rsplit("/", 1)[-1] for i in ids[:limit]]
    return ", ".join(names) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def document(value) -> tuple[bool, str]:
    """(usable, text) for an evidence path: a string, or {path, exists} once the loader resolved it."""
    if value in (None, ""):
        return False, "not given"
    if isinstance(value, dict):
        if value.get("exists") is False:
            return False, f"{value.get('path')} not found"
        return True, str(value.get("path"))
    return True, str(value)


def conclude(fails: list[str], unknowns: list[str], ok: str, *, fail_ids=(), unknown_ids=(), ok_ids=()):
    """One finding from a check's parts: FAIL when something given breaks the rule (what is also missing is
    named after it), else UNKNOWN when something the rule needs was not given, else PASS."""
    from .model import failed, passed, unknown

    if fails:
        tail = f"; also not given: {'; '.join(unknowns)}" if unknowns else ""
        return failed("; ".join(fails) + tail, fail_ids)
    if unknowns:
        return unknown("; ".join(unknowns), unknown_ids)
    return passed(ok, ok_ids)


def ids(resources) -> list[str]:
    return [r["id"] for r in resources]


def classified(plan: dict, evidence: dict | None, settings: dict, families) -> list[dict]:
    """Data-bearing resources whose classification falls in one of the sensitivity ``families``."""
    labs = labels(plan, evidence)
    return [r for r in data_bearing(plan) if class_of(labs[r["id"]].get("classification"), settings) in families]


def qualification_gaps(plan: dict, pid: str, resources: list[dict], qid: str, on: datetime.date,
                       settings: dict) -> tuple[dict[str, str], list[str], str | None]:
    """For resources at provider ``pid``: ({id: why not on a ``qid`` offer valid on ``on``}, ids whose validity
    cannot be told, and why not). Shared by the SecNumCloud and HDS checks."""
    prov = provider(plan, pid)
    prov_problem, prov_unknown = qualification_problem(prov, qid, on, settings)
    bad, unsure = {}, []
    for r in resources:
        disp = disposition(r, pid)
        if disp == "retire":
            continue            # not moved anywhere: no hosting rule applies at the target
        if disp == "stays-on-azure" or not offers_of(r, pid):
            bad[r["id"]] = "no target offer (stays on Azure)"
            continue
        lacking = [o for o in offers_of(r, pid) if qid not in (offer(prov, o).get("qualifications") or [])]
        if lacking:
            bad[r["id"]] = f"offer {', '.join(lacking)} not {qid}"
        elif prov_problem and not prov_unknown:
            bad[r["id"]] = prov_problem
        elif prov_problem:
            unsure.append(r["id"])
    return bad, unsure, prov_problem
