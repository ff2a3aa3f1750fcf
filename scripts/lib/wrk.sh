# Shared by the daemon benchmarks (sourced): PORT and SECONDS_PER_RUN must be set.

# rate and p99 (ms) of one wrk run, after a 3 s warm-up run that is not counted
run() {
  local connections=$1 path=$2 script=${3:-}
  local args=(-t 2 -c "$connections" -d "${SECONDS_PER_RUN}s" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  wrk -t 2 -c "$connections" -d 3s ${script:+-s "$script"} "http://127.0.0.1:$PORT$path" >/dev/null
  local out
  out=$(wrk "${args[@]}" "http://127.0.0.1:$PORT$path")
  local rate p99
  rate=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  local errors
  errors=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  [ -n "$errors" ] && echo "warning: $errors non-2xx responses on $path" >&2
  echo "$rate $p99"
}

