# bench/lib.sh: helpers shared by bench/run and bench/soak (sourced).

# free_port: a free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# db_url DB: a database URL: postgres:// and sqlite: URLs as they are, a
# plain path as sqlite:PATH.
db_url() {
    case "$1" in
    postgres://*|postgresql://*|sqlite:*) echo "$1" ;;
    *) echo "sqlite:$1" ;;
    esac
}

# pg_url_db URL NAME: the PostgreSQL URL with its database name replaced.
pg_url_db() {
    local base=${1%%\?*} q=""
    [ "$base" != "$1" ] && q="?${1#*\?}"
    echo "${base%/*}/$2$q"
}

# db_count DB SQL: the first value sql gives on DB (sqlite3 or psql).
db_count() {
    local url; url=$(db_url "$1")
    case "$url" in
    sqlite:*) sqlite3 "${url#sqlite:}" "$2" ;;
    *) psql -X -q -A -t -d "$url" -c "$2" ;;
    esac
}

# start_server DB LOG [extra serve args...]: starts `oversight serve` on a
# free loopback port (DB a path or URL); sets SERVER_PID and SERVER_PORT.
start_server() {
    local db=$1 log=$2; shift 2
    "$BIN" serve --db "$(db_url "$db")" --listen 127.0.0.1:0 --quiet "$@" >"$log" 2>&1 &
    SERVER_PID=$!
    local i
    for i in $(seq 1 300); do
        # the log may not be there yet (the background job has not opened it):
        # under set -e and pipefail, a failed sed here ended the caller
        SERVER_PORT=$(sed -n 's|.*serving http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log" 2>/dev/null | head -1 || true)
        [ -n "$SERVER_PORT" ] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited:"; cat "$log"; return 1; }
        sleep 0.1
    done
    echo "server did not start in 30 s"; cat "$log"; return 1
}

stop_server() {
    if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        # a request still computing keeps it up; after 10 s it is killed
        local i
        for i in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=
}

# kb_of PID FIELD: a /proc/PID/status field (VmHWM, VmRSS) in kB.
kb_of() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null || true; }

# make_user DB NAME ROLE: an account and an API token (printed).
make_user() {
    echo "password-$2-bench" | "$BIN" user add "$2" --role "$3" --db "$(db_url "$1")" >/dev/null
    "$BIN" token create "$2" --db "$(db_url "$1")" | tail -1
}

# wrk_ms VALUE: wrk's "1.23ms" / "850.00us" / "2.01s" as milliseconds.
wrk_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# wrk_parse FILE: "RPS P50MS P99MS NON2XX SOCKERR" from wrk --latency output.
wrk_parse() {
    local rps p50 p99 non2xx sockerr
    rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1")
    p50=$(wrk_ms "$(awk '$1 == "50%" {print $2}' "$1")")
    p99=$(wrk_ms "$(awk '$1 == "99%" {print $2}' "$1")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$1")
    sockerr=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$1")
    echo "${rps:-0} $p50 $p99 ${non2xx:-0} ${sockerr:-0}"
}
