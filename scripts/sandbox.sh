# Sourced by the scripts that need a local Instagram: starts `igauth sandbox` on a free
# port and reads the base URL from the first line it prints.
#   start_sandbox VARIABLE [igauth sandbox options...]   sets VARIABLE to the base URL
#   stop_sandboxes                                        stops every one started
# IGAUTH_BIN picks the binary (default target/debug/igauth, relative to the repository).
# shellcheck shell=bash
sandbox_pids=()

start_sandbox() {
  local variable=$1 out url
  shift
  out=$(mktemp)
  "${IGAUTH_BIN:-target/debug/igauth}" sandbox --port 0 "$@" > "$out" 2>/dev/null &
  sandbox_pids+=($!)
  for _ in $(seq 100); do [[ -s $out ]] && break; sleep 0.1; done
  url=$(sed -n '1s/^{"base_url":"\([^"]*\)".*/\1/p' "$out")
  rm -f "$out"
  if [[ -z $url ]]; then
    echo "igauth sandbox $* did not start" >&2
    return 1
  fi
  printf -v "$variable" '%s' "$url"
}

stop_sandboxes() {
  local pid
  for pid in "${sandbox_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sandbox_pids=()
}
