#!/usr/bin/env bash
# Throwaway PostgreSQL for tests: a fresh cluster in a temp dir, loopback only.
#
#   bash .ci/pg.sh start      # prints PG_TMPDIR=... and DATABASE_URL=... on stdout
#   bash .ci/pg.sh stop DIR   # stops that server and removes DIR
#
# For a shell by hand: eval "$(bash .ci/pg.sh start)"; export DATABASE_URL
# Must run as root: PostgreSQL refuses to run as root, so the server runs as the
# `postgres` system user that Debian's package creates.
# Everything but the two result lines goes to stderr, so callers can use $(...).
set -euo pipefail

MARKER=.zonedesk-ci-pg   # proves a DIR is ours before `stop` deletes it
DB_NAME=zonedesk

log() { echo "pg.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# Run as the postgres user, from / so it never complains about root's cwd.
as_pg() { (cd / && runuser -u postgres -- "$@"); }

# Newest installed server, e.g. /usr/lib/postgresql/15/bin (don't hard-code 15).
find_pgbin() {
    local d
    d=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
    [[ -n $d && -x $d/initdb ]] || die "no PostgreSQL server under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
    echo "$d"
}

# 54329 if free, else any free port the kernel hands out.
free_port() {
    python3 - <<'EOF'
import socket

def try_bind(port):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        return s.getsockname()[1]
    except OSError:
        return None
    finally:
        s.close()

print(try_bind(54329) or try_bind(0))
EOF
}

stop() {
    local dir=$1
    [[ -f $dir/$MARKER ]] || die "$dir is not a directory made by pg.sh start; not touching it"
    if [[ -f $dir/data/postmaster.pid ]]; then
        # Use the server version the cluster was made with.
        local bin
        bin=/usr/lib/postgresql/$(<"$dir/data/PG_VERSION")/bin
        # Immediate: nothing in a throwaway cluster is worth a clean shutdown.
        as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || log "pg_ctl stop failed (server already gone?)"
    fi
    rm -rf -- "$dir"
}

start() {
    [[ $EUID -eq 0 ]] || die "must run as root (to run the server as the postgres user)"
    id postgres >/dev/null 2>&1 || die "no 'postgres' system user (apt-get install postgresql)"
    local bin port
    bin=$(find_pgbin)
    # Under /tmp, not $TMPDIR: the postgres user must be able to reach it, and
    # the unix socket path must stay short (about 100 bytes at most).
    # Global, not local: the EXIT trap below runs after this function's scope is gone.
    tmp=$(mktemp -d /tmp/zonedesk-pg.XXXXXXXX)
    touch "$tmp/$MARKER"
    chown postgres:postgres "$tmp"
    # If anything below fails, show the server log and leave nothing behind.
    trap 'rc=$?; if ((rc)); then [[ -f $tmp/postgres.log ]] && tail -n 50 "$tmp/postgres.log" >&2; stop "$tmp"; fi' EXIT

    # trust auth: loopback-only, throwaway; C.UTF-8 sorts the same everywhere.
    local initdb_args=(-D "$tmp/data" --auth=trust -U postgres --encoding=UTF8)
    if ! as_pg "$bin/initdb" "${initdb_args[@]}" --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1; then
        log "initdb with C.UTF-8 failed, retrying with --locale=C"
        cat "$tmp/initdb.log" >&2
        rm -rf -- "$tmp/data"
        as_pg "$bin/initdb" "${initdb_args[@]}" --locale=C >"$tmp/initdb.log" 2>&1 ||
            { cat "$tmp/initdb.log" >&2; die "initdb failed"; }
    fi

    port=$(free_port)
    # Loopback only, socket inside the temp dir (not /var/run/postgresql), and
    # durability off: a test database need not survive a crash.
    cat >>"$tmp/data/postgresql.conf" <<EOF

# added by .ci/pg.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$tmp'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

    # -l sends the server's output to a file, so it never holds our stdout open
    # (which would make a caller's $(...) hang).
    as_pg "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/postgres.log" -w -t 60 start </dev/null >&2

    local i
    for ((i = 0; i < 60; i++)); do
        "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres && break
        sleep 1
    done
    "$bin/pg_isready" -h 127.0.0.1 -p "$port" -U postgres >&2 || die "server did not become ready"

    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME" >&2

    trap - EXIT
    log "PostgreSQL $(<"$tmp/data/PG_VERSION") up on 127.0.0.1:$port, data in $tmp"
    echo "PG_TMPDIR=$tmp"
    echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/$DB_NAME"
}

case "${1:-}" in
    start) start ;;
    stop)
        [[ -n ${2:-} ]] || die "usage: $0 stop DIR"
        stop "$2"
        ;;
    *) die "usage: $0 start | stop DIR" ;;
esac
