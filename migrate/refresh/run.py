"""Refresh one catalogue file: fetch, apply, validate, then write atomically (or not, with dry_run)."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import ruamel.yaml

from ..bundled import catalog_dir
from ..catalog.load import _dates_to_text, schema_errors
from ..errors import MigrateError
from ..report.files import write_atomic
from . import azure_retail
from .apply import Change, apply_offer_prices, apply_vm_prices, price_keys

FEEDS = ("azure", "ovhcloud", "scaleway", "outscale", "otc", "stackit")


@dataclass
class RefreshResult:
    file: Path
    source: str
    observed: str = ""
    changes: list[Change] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    written: bool = False


def _yaml() -> ruamel.yaml.YAML:
    y = ruamel.yaml.YAML()
    y.preserve_quotes = True
    y.width = 4096  # the catalogues are stored unfolded (see the normalising commit)
    y.indent(mapping=2, sequence=2, offset=0)
    return y


def target_file(feed: str, own_dir: Path | None) -> Path:
    """The file to refresh: the company's copy in ``own_dir`` (created from the bundled one), else the bundled file."""
    bundled = catalog_dir() / f"{feed}.yaml"
    if own_dir is None:
        return bundled
    own = Path(own_dir) / f"{feed}.yaml"
    if not own.exists():
        Path(own_dir).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundled, own)
    return own


def refresh(feed: str, *, endpoint: str | None, region: str | None, own_dir: Path | None, today: str,
            dry_run: bool = False) -> RefreshResult:
    """Fetch ``feed``'s public prices and apply them to its catalogue file; refreshed figures get basis
    public-api and the day the API answered (its HTTP Date header, else ``today``)."""
    if feed not in FEEDS:
        raise MigrateError(None, f"no price feed for {feed!r}", fix=f"use one of {', '.join(FEEDS)}")
    path = target_file(feed, own_dir)
    y = _yaml()
    original = path.read_text(encoding="utf-8")
    doc = y.load(original)
    if feed == "azure":
        target_region = region or str(doc.get("region"))
        url = azure_retail.vm_query_url(endpoint or azure_retail.DEFAULT_ENDPOINT, target_region)
        items, day = azure_retail.fetch_items(url)
        prices = azure_retail.vm_hourly_prices(items)
        if not prices:
            raise MigrateError(url, "the API listed no pay-as-you-go VM price", fix="check --region; nothing was written")
        observed = day or today
        changes, missing = apply_vm_prices(doc, prices, region=target_region, source=url, as_of=observed)
    else:
        from . import provider_feeds

        keys = price_keys(doc)
        if not keys:
            raise MigrateError(str(path), "no offer has a price_key, so the API's prices cannot be matched to offers",
                               fix="add `price_key:` (the offer's key in the provider's price API, see "
                                   "docs/catalogue-format.md) to the offers to refresh; nothing was fetched")
        answer = provider_feeds.fetch(feed, endpoint=endpoint, region=region, keys=keys)
        if not answer.count:
            raise MigrateError(answer.source, "the API listed no price", fix="check --region; nothing was written")
        url, observed = answer.source, answer.observed or today
        changes, missing = apply_offer_prices(doc, answer.lookup, source=url, as_of=observed)
    buf = io.StringIO()
    y.dump(doc, buf)
    text = buf.getvalue()
    problems = schema_errors(path, _dates_to_text(ruamel.yaml.YAML(typ="safe").load(text)))
    if problems:
        raise problems[0]
    result = RefreshResult(path, url, observed, changes, missing)
    # Unchanged amounts are still re-stamped with the new observation date.
    if not dry_run and text != original:
        write_atomic(path, text)
        result.written = True
    return result
