#!/usr/bin/env bash
# The build cost users pay: the app built with a 300-rule dispatcher.rs, then
# rebuilt after a one-rule change, in debug and release. Works on a copy of
# the workspace under target/build-cost (your dispatcher.rs is not touched).
#
#   bash bench/build-cost.sh [RULES]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rules=${1:-300}
copy=$root/target/build-cost/workspace
rm -rf "$copy"
mkdir -p "$copy"
git ls-files -z | grep -zv '^fuzz/' | xargs -0 cp --parents -t "$copy"
cd "$copy"
export CARGO_TARGET_DIR=$root/target/build-cost/target

seconds() { # cargo arguments...
  local start end
  start=$(date +%s.%N)
  cargo build -q -p dispatcher-app "$@"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

for profile in debug release; do
  flag=()
  [ "$profile" = release ] && flag=(--release)
  python3 bench/gen-rules.py "$rules" >dispatcher-app/src/dispatcher.rs
  first=$(seconds "${flag[@]}")
  python3 bench/gen-rules.py "$rules" edited >dispatcher-app/src/dispatcher.rs
  edit=$(seconds "${flag[@]}")
  python3 bench/gen-rules.py "$rules" >dispatcher-app/src/dispatcher.rs
  back=$(seconds "${flag[@]}")
  echo "$profile, $rules rules: first build (dependencies included) ${first}s; one-rule change ${edit}s; changed back ${back}s"
done
