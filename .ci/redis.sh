# Sourced by .ci/run: starts a private redis-server for the stream worker tests on a free loopback port, exports
# THEMES_TEST_REDIS=127.0.0.1:PORT, and stops it (and deletes its folder) on exit. Installs redis-server when missing.
if ! command -v redis-server >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # apt-get update only when the install cannot find the package without it.
  $sudo apt-get install -y redis-server >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y redis-server >/dev/null; }
fi
redis_dir="$(mktemp -d)"
redis_pid=""
stop_test_redis() { [ -z "$redis_pid" ] || kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; rm -rf "$redis_dir"; }
trap stop_test_redis EXIT
for _ in $(seq 20); do
  redis_port=$((20000 + RANDOM % 40000))
  ss -Hltn "sport = :$redis_port" | grep -q . && continue
  # No persistence: --save '' and --appendonly no, in a folder of our own.
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" --logfile "$redis_dir/redis.log" &
  redis_pid=$!
  for _ in $(seq 50); do
    redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break 2
    kill -0 "$redis_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$redis_pid" 2>/dev/null; redis_pid=""
done
[ -n "$redis_pid" ] || { echo "could not start redis-server for the tests" >&2; cat "$redis_dir/redis.log" >&2; exit 1; }
export THEMES_TEST_REDIS="127.0.0.1:$redis_port"
echo "redis-server for the tests: $THEMES_TEST_REDIS"
