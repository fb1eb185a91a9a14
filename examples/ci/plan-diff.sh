#!/usr/bin/env bash
# Plan the estate as it is at the base of a change and at its head, audit both plans, and write
# what changed as Markdown for a pull-request comment (OUT/diff.md), and as JSON (OUT/diff.json).
#
#   plan-diff.sh BASE_DIR HEAD_DIR OUT_DIR
#
# BASE_DIR and HEAD_DIR are two checkouts of the repository that holds the inventory (exports,
# Terraform states, `terraform show -json` files) and, if any, your own catalogues. Settings:
#   MIGRATE_INPUTS     inputs of `migrate plan`, relative to each checkout (default: inventory/*)
#   MIGRATE_PLAN_ARGS  more options of `migrate plan` (e.g. --provider ovhcloud --catalog-dir catalogs)
#   MIGRATE_FAIL_ON    --fail-on rules, space-separated (e.g. "cost-increase>5% new-gap>=high audit-regression")
#   MIGRATE_AS_OF      date of both audits, YYYY-MM-DD (default: today)
# Exit code: that of `migrate diff` (1 when a rule is broken), after diff.md is written.
set -euo pipefail

base=$(cd "$1" && pwd) head=$(cd "$2" && pwd)
mkdir -p "$3" && out=$(cd "$3" && pwd)
as_of=${MIGRATE_AS_OF:-$(date +%F)}
read -r -a plan_args <<< "${MIGRATE_PLAN_ARGS:-}"

for side in base head; do
  dir=${!side}
  # The inputs are expanded inside each checkout, so a file added or removed by the change counts.
  (cd "$dir" && migrate plan ${MIGRATE_INPUTS:-inventory/*} "${plan_args[@]}" --out "$out/$side" > /dev/null)
  migrate audit "$out/$side/plan.json" --format json -o "$out/$side/audit.json" --as-of "$as_of" --soft-fail
done

rules=()
for rule in ${MIGRATE_FAIL_ON:-}; do rules+=(--fail-on "$rule"); done
cd "$out"  # the diff names the plans as base/plan.json and head/plan.json
migrate diff base/plan.json head/plan.json --format json -o diff.json
status=0
migrate diff base/plan.json head/plan.json --format md -o diff.md "${rules[@]}" || status=$?
exit "$status"
