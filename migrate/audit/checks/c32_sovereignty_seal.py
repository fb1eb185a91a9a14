"""C32: the target reaches the minimum SEAL required on every sovereignty objective (EU Cloud Sovereignty
Framework)."""

from ...catalog import sovereignty
from ..model import Check, failed, passed, skipped, unknown


def _required(ctx) -> list[str]:
    """SEAL requirements: config audit.sovereignty_require, plus those the plan was made under (--require)."""
    planned = ((ctx.plan.get("inputs") or {}).get("requirements") or [])
    given = list(ctx.settings.get("sovereignty_require") or []) + list(planned)
    return [r for r in given if sovereignty.parse(r) is not None]


def evaluate(ctx):
    wanted = _required(ctx)
    if not wanted:
        return skipped("no minimum SEAL required (config audit.sovereignty_require, or migrate plan --require seal-N)")
    _, parsed = sovereignty.split(wanted)
    sov = ctx.provider.get("sovereignty")
    if not sov:
        return unknown(f"{ctx.target} has no SEAL levels in the plan (provider_catalogs/sovereignty.yaml); "
                       f"required: {', '.join(wanted)}")
    levels = {o: v.get("level") for o, v in (sov.get("objectives") or {}).items()}
    short = sovereignty.shortfalls(levels, parsed)
    unknown_only = short and all("unknown" in s for s in short)
    bases = sorted({v.get("basis") for v in sov["objectives"].values()})
    if unknown_only:
        return unknown(f"{ctx.target}: level not catalogued for {', '.join(s.split()[0] for s in short)} "
                       f"(required: {', '.join(wanted)})")
    if short:
        return failed(f"{ctx.target} is below the required SEAL: {'; '.join(short)} (basis of the levels: "
                      f"{', '.join(bases)})")
    return passed(f"{ctx.target} meets {', '.join(wanted)}: overall SEAL-{sov.get('overall_seal')}, weighted "
                  f"{sov.get('weighted_score_pct')} % (basis: {', '.join(bases)})")


CHECK = Check(
    id="C32", title="Target meets the minimum SEAL per sovereignty objective", severity="high",
    profiles=("fin", "fr-public", "health"),
    inputs=("providers[].sovereignty.objectives", "inputs.requirements", "config: audit.sovereignty_require"),
    preconditions=("target",), evaluate=evaluate,
    description="Under the EU Cloud Sovereignty Framework the buyer sets a minimum SEAL per objective (SOV-1 ... "
                "SOV-8); a provider below it on any objective does not qualify.",
    remediation="Choose a target at or above the required levels (migrate compare --require seal-N shows which), "
                "or obtain the provider's own assessment and record it in the sovereignty catalogue.")
