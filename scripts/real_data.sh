#!/usr/bin/env bash
# The real-data path, end to end, on the official open data beside the repository (../shared/data, or
# the folder given as first argument): load the Flemish area levels, import Statbel's population cubes
# 2009–2015 as published, make Balen a neighbourhood in a workspace of the demo login, write Balen's
# profile over time beside its care zone, province and Flanders (text, Word, Excel), then serve the app
# (the fictional demo stays beside it). Data in .zorgzaam-real/ (or $ZORGZAAM_DATA_DIR).
# Extra arguments after the data folder go to `zorgzaam demo` (e.g. --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
shift || true
scripts/install.sh
export ZORGZAAM_DATA_DIR="${ZORGZAAM_DATA_DIR:-$PWD/.zorgzaam-real}"
Z=.venv/bin/zorgzaam
$Z demo --no-serve >/dev/null                       # the login (and the fictional workspace)
$Z areas load "$DATA/flanders_areas"
for year in 2009 2010 2011 2012 2013 2014 2015; do
  $Z import statbel-population "$DATA/statbel_open/TF_SOC_POP_STRUCT_$year.zip" | tail -n 4
done
$Z workspace create "Balen – echte cijfers" --member demo --role beheerder
$Z buurt list --workspace balen-echte-cijfers | grep -q "Heel Balen" ||
  $Z buurt create "Heel Balen" --from-area 13003 --workspace balen-echte-cijfers
mkdir -p "$ZORGZAAM_DATA_DIR/rapporten"
$Z profile 13003 --periods 2009..2015 --compare 13003 elz3 10000 2000 \
  --docx "$ZORGZAAM_DATA_DIR/rapporten/balen-2009-2015.docx" --xlsx "$ZORGZAAM_DATA_DIR/rapporten/balen-2009-2015.xlsx"
$Z data coverage | head -n 20 || true
exec $Z demo "$@"
