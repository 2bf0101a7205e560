#!/usr/bin/env bash
# A real kill -9 of a resumable run: starts `./repro run fig6 --ci-scale --checkpoint-every 20`, waits for its
# first snapshot, sleeps a random-ish fraction of the run's expected duration, kill -9s the java process,
# continues it with `./repro run --resume`, runs the same experiment uninterrupted, and requires identical
# digests.json and metrics.csv. Retries (up to 6 times) when the run finished before the kill landed.
# Uses ./repro of the repository root (which builds only if its jar is stale); exit 0 = identical.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
cd "$root"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/zeroloss-kill-resume.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

./repro list >/dev/null 2>&1 || { echo "kill-resume: ./repro does not start" >&2; exit 1; }

a="$tmp/a"
killed=0
for attempt in 1 2 3 4 5 6; do
  rm -rf "$a" "$a.partial"
  # ./repro execs java, so $! is the java process itself.
  ./repro run fig6 --ci-scale --checkpoint-every 20 --out "$a" >"$tmp/a.log" 2>&1 &
  pid=$!
  while [ ! -f "$a.partial/snapshot.bin" ] && kill -0 "$pid" 2>/dev/null; do
    sleep 0.05
  done
  # The CI-scale run takes a few seconds (5 seeds x 400 steps); kill somewhere in it.
  delay="$(awk -v r="$RANDOM" -v a="$attempt" 'BEGIN { printf "%.2f", (0.1 + 2.4 * r / 32767) / a }')"
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    pid=""
    if [ -d "$a.partial" ] && [ ! -e "$a" ]; then
      killed=1
      echo "kill-resume: attempt $attempt: kill -9 after the first snapshot + ${delay}s, mid-run"
      break
    fi
  else
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
  echo "kill-resume: attempt $attempt: the run had finished before the kill; trying again"
done
if [ "$killed" != 1 ]; then
  echo "kill-resume: FAIL: could not kill the run mid-way in 6 attempts" >&2
  exit 1
fi

./repro run --resume "$a" >"$tmp/resume.log" 2>&1 || { echo "kill-resume: FAIL: --resume failed:" >&2; cat "$tmp/resume.log" >&2; exit 1; }
./repro run fig6 --ci-scale --out "$tmp/b" >"$tmp/b.log" 2>&1 || { echo "kill-resume: FAIL: the uninterrupted run failed:" >&2; cat "$tmp/b.log" >&2; exit 1; }

status=0
for f in digests.json metrics.csv; do
  if cmp -s "$a/$f" "$tmp/b/$f"; then
    echo "kill-resume: $f identical ($(wc -l <"$a/$f") lines)"
  else
    echo "kill-resume: FAIL: $f differs between the killed+resumed run and the uninterrupted one:" >&2
    diff "$a/$f" "$tmp/b/$f" | head -20 >&2 || true
    status=1
  fi
done
[ "$status" = 0 ] && echo "kill-resume: ok"
exit "$status"
