#!/usr/bin/env bash
# Runs each fuzz target (cargo-fuzz, libFuzzer) for SECONDS (default 600), two at a time,
# and prints executions and findings per target. Stable toolchain: no sanitizer
# (--sanitizer none); panics and failed assertions are the findings.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Not part of CI. Findings land in fuzz/artifacts/<target>/; each one becomes a
# regression test in core/tests/ before it is fixed.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(callback token_reply restore_authorization long_lived_reply profile_reply parse_login_reply signed_request)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

cargo fuzz build --sanitizer none -O
run() {
  local target=$1
  mkdir -p "corpus/$target"
  cargo fuzz run --sanitizer none -O "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 > "../build/fuzz-$target.log" 2>&1 || true
  local executions findings
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "../build/fuzz-$target.log" | grep -o '[0-9]*$' || echo "?")
  findings=$(find "artifacts/$target" -type f 2>/dev/null | wc -l)
  printf '%-16s %5ss  %12s executions  %s findings\n' "$target" "$seconds" "$executions" "$findings"
}
mkdir -p ../build
running=0
for target in "${targets[@]}"; do
  run "$target" &
  running=$((running + 1))
  if ((running == 2)); then wait -n; running=$((running - 1)); fi
done
wait
