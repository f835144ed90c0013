#!/usr/bin/env bash
# The image and the compose stack, for real (issue 16): build the Dockerfile, start compose.yaml's app + worker +
# scheduler + PostgreSQL + Redis with podman, wait for /_health, register a user over the app's websocket as the
# register page does, check that the verification mail reached the outbox (app -> PostgreSQL), then tear it all
# down (containers, network, volumes). Prints each step; exits non-zero on any failure.
#
#   scripts/compose_check.sh                  run it (installs podman from Debian when it is missing and this is root)
#   scripts/compose_check.sh --if-available   skip, with the reason, when podman is not installed
#   COMPOSE_CHECK=0                           skip it
#   COMPOSE_CHECK_KEEP=1                      leave the stack up afterwards (for a look; prints how to reach it)
#   COMPOSE_CHECK_FRESH=1                     forget the cached images and build layers first
#
# Why podman, and what differs from a Docker host (docs/deployment.md, "Verified here"):
# - No Docker engine runs on the development machines; Debian's podman 4.3 does, as root, with runc (Debian's
#   crun 1.8 refuses this kernel's hybrid cgroup layout), cgroupfs, file events and open-file/process limits
#   within the hard limits (the sandbox lacks CAP_SYS_RESOURCE). These go into a containers.conf of our own.
# - Docker Hub cannot be reached from here, so python:3.11-slim-bookworm, postgres:15 and redis:7 are replaced
#   by stand-ins built from Debian bookworm's own packages (debootstrap; postgresql-15, redis-server), used only
#   when the official image cannot be pulled. The Dockerfile takes the base as BASE_IMAGE.
# - podman 4.3 has no systemd here to run health checks on a timer, and podman-compose ignores
#   `condition: service_healthy` before podman 4.6: this script runs the health checks itself and starts the
#   services in compose.yaml's order (db + redis healthy -> app healthy -> worker + scheduler).
# Images and build layers are kept in /var/lib/interview-coach/containers between runs (the base, PostgreSQL and
# Redis images and the pip layer are built once); COMPOSE_CHECK_FRESH=1 starts from nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { echo "== compose check: $*"; }
skip() {
  echo "compose check SKIPPED: $*"
  exit 0
}
fail() {
  echo "compose check FAILED: $*" >&2
  exit 1
}

if_available=0
[ "${1:-}" = "--if-available" ] && if_available=1
[ "${COMPOSE_CHECK:-}" = 0 ] && skip "COMPOSE_CHECK=0"

project=interview-coach-check
state=/var/lib/interview-coach
started=$(date +%s)
elapsed() { echo "$(($(date +%s) - started)) s"; }

# --- 1. the engine -----------------------------------------------------------------------------------------
packages=(podman runc catatonit debootstrap containernetworking-plugins golang-github-containernetworking-plugin-dnsname iptables)
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v catatonit >/dev/null \
  || ! command -v debootstrap >/dev/null; then
  [ "$if_available" = 1 ] && skip "podman is not installed (apt-get install ${packages[*]}; or run scripts/compose_check.sh, which installs it as root)"
  [ "$(id -u)" = 0 ] || fail "podman is not installed and this is not root: apt-get install ${packages[*]}"
  step "installing podman from Debian (${packages[*]})"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
[ "$(id -u)" = 0 ] || fail "run it as root (rootless podman is not set up here)"
compose=.venv/bin/podman-compose
[ -x "$compose" ] || fail "podman-compose is missing from .venv (pip install -r requirements-dev.txt)"
conf_dir=$(mktemp -d /tmp/compose-check.XXXXXX)
trap 'rm -rf "$conf_dir"' EXIT
port="${COMPOSE_CHECK_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

cat > "$conf_dir/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=4096:4096"]
init_path = "$(command -v catatonit)"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
cat > "$conf_dir/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$state/containers"
runroot = "/run/interview-coach/containers"
EOF
export CONTAINERS_CONF="$conf_dir/containers.conf" CONTAINERS_STORAGE_CONF="$conf_dir/storage.conf"
if [ "${COMPOSE_CHECK_FRESH:-}" = 1 ]; then
  podman rmi --all --force >/dev/null 2>&1 || true
fi
step "engine: $(podman --version), $(runc --version | head -n 1), $("$compose" --version 2>/dev/null | head -n 1)"

# --- 2. base images: the official ones when they can be pulled, else stand-ins from Debian -----------------
pull() { timeout 60 podman pull -q "$1" >/dev/null 2>"$conf_dir/pull.err"; }
base=docker.io/library/python:3.11-slim-bookworm
db_image=docker.io/library/postgres:15
redis_image=docker.io/library/redis:7
if ! podman image exists "$base" && ! pull "$base"; then
  echo "   $base cannot be pulled: $(tail -n 1 "$conf_dir/pull.err")"
  base=localhost/interview-coach-base:bookworm
  if ! podman image exists "$base"; then
    # The bookworm mirror apt is set up with on this machine.
    mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' | awk '$2 == "bookworm" {print $1; exit}')
    [ -n "$mirror" ] || fail "no Debian bookworm mirror in apt's sources"
    step "building the stand-in base $base: debootstrap bookworm + python3.11 from $mirror ($(elapsed))"
    rootfs="$state/rootfs-bookworm"
    rm -rf "$rootfs"
    mkdir -p "$state"
    nice -n 10 debootstrap --variant=minbase --include=python3.11,python3.11-venv,python3-pip,ca-certificates \
      bookworm "$rootfs" "$mirror" > "$conf_dir/debootstrap.log" 2>&1 || {
      tail -n 20 "$conf_dir/debootstrap.log" >&2
      fail "debootstrap"
    }
    # `python` as in the official image; this machine's CA bundle, so that pip and npm verify TLS through its
    # egress proxy (the official image needs none of this).
    ln -sf /usr/bin/python3.11 "$rootfs/usr/local/bin/python"
    ln -sf /usr/bin/python3.11 "$rootfs/usr/local/bin/python3"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    ca=/etc/ssl/certs/ca-certificates.crt
    tar -C "$rootfs" -c . | podman import -q \
      --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      --change "ENV LANG=C.UTF-8" --change "ENV SSL_CERT_FILE=$ca" --change "ENV PIP_CERT=$ca" \
      --change "ENV REQUESTS_CA_BUNDLE=$ca" --change "ENV NODE_EXTRA_CA_CERTS=$ca" \
      --change 'CMD ["python3"]' - "$base" >/dev/null
    rm -rf "$rootfs"
  fi
fi
if ! podman image exists "$db_image" && ! pull "$db_image"; then
  echo "   $db_image cannot be pulled: $(tail -n 1 "$conf_dir/pull.err")"
  db_image=localhost/interview-coach-postgres:15
  if ! podman image exists "$db_image"; then
    step "building the stand-in $db_image from Debian's postgresql-15 (same variables, data path and port) ($(elapsed))"
    mkdir -p "$conf_dir/pg"
    cat > "$conf_dir/pg/entrypoint.sh" <<'EOF'
#!/bin/sh
# Stand-in for the official postgres image's entrypoint: POSTGRES_USER/PASSWORD/DB on the first start.
set -eu
if [ "${1:-}" = postgres ]; then
  bin=/usr/lib/postgresql/15/bin data=/var/lib/postgresql/data
  as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
  mkdir -p "$data" /run/postgresql
  chown postgres:postgres "$data" /run/postgresql
  chmod 700 "$data"
  if [ ! -s "$data/PG_VERSION" ]; then
    printf '%s' "$POSTGRES_PASSWORD" > /tmp/pw && chown postgres /tmp/pw
    as_pg "$bin/initdb" -D "$data" -U "$POSTGRES_USER" --pwfile=/tmp/pw --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f /tmp/pw
    echo "host all all all scram-sha-256" >> "$data/pg_hba.conf"
    as_pg "$bin/pg_ctl" -D "$data" -o "-c listen_addresses=''" -w start >/dev/null
    as_pg psql -q -U "$POSTGRES_USER" -d postgres -c "CREATE DATABASE \"${POSTGRES_DB:-$POSTGRES_USER}\""
    as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" -D "$data" -c listen_addresses='*'
fi
exec "$@"
EOF
    cat > "$conf_dir/pg/Containerfile" <<EOF
FROM $base
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/*
COPY entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 0755 /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:\$PATH
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
EOF
    nice -n 10 podman build --network host -t "$db_image" "$conf_dir/pg" > "$conf_dir/pg.log" 2>&1 || {
      tail -n 20 "$conf_dir/pg.log" >&2
      fail "building $db_image"
    }
  fi
fi
if ! podman image exists "$redis_image" && ! pull "$redis_image"; then
  echo "   $redis_image cannot be pulled: $(tail -n 1 "$conf_dir/pull.err")"
  redis_image=localhost/interview-coach-redis:7
  if ! podman image exists "$redis_image"; then
    step "building the stand-in $redis_image from Debian's redis-server ($(elapsed))"
    mkdir -p "$conf_dir/redis"
    cat > "$conf_dir/redis/Containerfile" <<EOF
FROM $base
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/*
USER redis
EXPOSE 6379
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--dir", "/var/lib/redis"]
EOF
    nice -n 10 podman build --network host -t "$redis_image" "$conf_dir/redis" > "$conf_dir/redis.log" 2>&1 || {
      tail -n 20 "$conf_dir/redis.log" >&2
      fail "building $redis_image"
    }
  fi
fi

# --- 3. the app image ---------------------------------------------------------------------------------------
step "building the image from Dockerfile (BASE_IMAGE=$base) ($(elapsed))"
build_start=$(date +%s)
# --format docker keeps the HEALTHCHECK (the OCI format has none).
if ! nice -n 10 podman build --format docker --network host --build-arg "BASE_IMAGE=$base" \
  -t localhost/interview-coach:latest . > "$conf_dir/build.log" 2>&1; then
  tail -n 40 "$conf_dir/build.log" >&2
  fail "podman build"
fi
echo "   built in $(($(date +%s) - build_start)) s: $(podman image inspect localhost/interview-coach:latest --format '{{.Size}}' | awk '{printf "%.0f MB", $1 / 1e6}')"
# Tag the builder stage too (all cache hits), so that dropping the previous build's leftovers (about 2 GB a build)
# keeps the layers the next build reuses, the pip install above all.
podman build -q --format docker --network host --build-arg "BASE_IMAGE=$base" --target builder \
  -t localhost/interview-coach-builder:latest . >/dev/null
podman image prune -f >/dev/null

# --- 4. the stack -------------------------------------------------------------------------------------------
# compose.yaml as it is, with the stand-in images and the port on loopback; secrets made up for this run.
cat > "$conf_dir/compose.override.yaml" <<EOF
services:
  app:
    image: localhost/interview-coach:latest
  worker:
    image: localhost/interview-coach:latest
  scheduler:
    image: localhost/interview-coach:latest
  db:
    image: $db_image
  redis:
    image: $redis_image
EOF
export SECRET_KEY POSTGRES_PASSWORD
SECRET_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
POSTGRES_PASSWORD=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
export PUBLIC_URL=https://localhost ALLOWED_ORIGINS="http://127.0.0.1:$port" APP_PUBLISH="127.0.0.1:$port"
pc() { "$compose" --podman-args=--log-level=error -p "$project" -f compose.yaml -f "$conf_dir/compose.override.yaml" "$@"; }
container() { podman ps -aq --filter "label=io.podman.compose.project=$project" --filter "label=com.docker.compose.service=$1" | head -n 1; }

teardown() {
  rc=$?
  if [ "$rc" != 0 ]; then
    for s in db redis app worker scheduler; do
      c=$(container "$s")
      [ -n "$c" ] || continue
      echo "--- logs of $s (end)" >&2
      podman logs --tail 30 "$c" >&2 2>&1 || true
    done
  fi
  if [ "${COMPOSE_CHECK_KEEP:-}" = 1 ]; then
    step "COMPOSE_CHECK_KEEP=1: the stack stays up; CONTAINERS_CONF=$CONTAINERS_CONF CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF"
  else
    step "tearing down (containers, network, volumes)"
    pc down -v -t 10 >/dev/null 2>&1 || true
    rm -rf "$conf_dir"
  fi
  if [ "$rc" = 0 ]; then
    echo "compose check passed in $(elapsed)"
  else
    echo "compose check FAILED after $(elapsed)" >&2
  fi
  exit "$rc"
}
trap teardown EXIT
pc down -v -t 5 >/dev/null 2>&1 || true   # leftovers of an interrupted run

# Runs a service's health check until it passes (podman has no timer for it here).
wait_healthy() {  # $1 service, $2 timeout in seconds
  local c deadline
  c=$(container "$1")
  [ -n "$c" ] || fail "no container for $1"
  deadline=$(($(date +%s) + $2))
  until podman healthcheck run "$c" >/dev/null 2>&1; do
    [ "$(podman inspect "$c" --format '{{.State.Running}}')" = true ] || fail "$1 stopped ($(podman inspect "$c" --format '{{.State.Status}} exit {{.State.ExitCode}}'))"
    [ "$(date +%s)" -lt "$deadline" ] || fail "$1 not healthy after $2 s"
    sleep 3
  done
  echo "   $1 healthy ($(elapsed))"
}

step "starting db and redis ($(elapsed))"
pc up -d --no-build db redis > "$conf_dir/up.log" 2>&1 || { cat "$conf_dir/up.log" >&2; fail "podman-compose up db redis"; }
wait_healthy db 120
wait_healthy redis 60

step "starting app: migrate, seed, then reflex run --env prod, which rebuilds the frontend first ($(elapsed))"
pc up -d --no-build --no-deps app > "$conf_dir/up.log" 2>&1 || { cat "$conf_dir/up.log" >&2; fail "podman-compose up app"; }
wait_healthy app 600
health=$(curl -fsS --max-time 10 "http://127.0.0.1:$port/_health") || fail "GET /_health from the host"
echo "   GET http://127.0.0.1:$port/_health -> $health"

step "starting worker and scheduler ($(elapsed))"
pc up -d --no-build --no-deps worker scheduler > "$conf_dir/up.log" 2>&1 || { cat "$conf_dir/up.log" >&2; fail "podman-compose up worker scheduler"; }

# --- 5. a user registers over HTTP (the page's websocket), the mail is in the outbox ------------------------
email="compose-check-$(date +%s)@example.com"
step "registering $email over the websocket at http://127.0.0.1:$port ($(elapsed))"
.venv/bin/python - "http://127.0.0.1:$port" "$email" <<'EOF' || fail "registration over the websocket"
"""Register as the register page does: hydrate over /_event, then send RegisterState.submit with the form."""

import asyncio
import sys
import uuid

import reflex as rx
import socketio
from reflex_base.utils.format import format_event_handler

import interview_app.interview_app  # noqa: F401  (registers every page and state)

url, email = sys.argv[1], sys.argv[2]
NAMESPACE = "/_event"
ROUTE = {"pathname": "/register", "asPath": "/register", "query": {}}


def state_named(name: str) -> type[rx.State]:
    todo: list[type[rx.State]] = [rx.State]
    while todo:
        cls = todo.pop()
        if cls.__name__ == name:
            return cls
        todo.extend(cls.__subclasses__())
    raise SystemExit(f"no state {name}")


async def main() -> None:
    register = state_named("RegisterState")
    key = register.get_full_name()
    updates: list[dict] = []
    client = socketio.AsyncClient(reconnection=False)
    client.on("event", updates.append, namespace=NAMESPACE)
    hydrate = format_event_handler(rx.State.event_handlers["hydrate_and_load"])
    await client.connect(
        f"{url}?token={uuid.uuid4()}",
        socketio_path="_event",
        namespaces=[NAMESPACE],
        transports=["websocket"],
        headers={"Origin": url},
        auth={"event": {"name": hydrate, "payload": {}, "router_data": ROUTE}},
        wait_timeout=15,
    )
    # The page's on_load (RegisterState.start, which clears the form's messages) runs after the hydrate: wait for
    # both, as a person would wait for the page, before submitting.
    async with asyncio.timeout(60):
        while not any(key in (u.get("delta") or {}) for u in updates) or not any(
            (u.get("delta") or {}).get(rx.State.get_full_name(), {}).get("is_hydrated_rx_state_") for u in updates
        ):
            await asyncio.sleep(0.1)
    await asyncio.sleep(1)
    seen = len(updates)
    form = {"name": "Compose Check", "email": email, "password": "Kestrel-Orbit-7391", "password_confirm": "Kestrel-Orbit-7391"}
    submit = format_event_handler(register.event_handlers["submit"])
    await client.emit("event", {"name": submit, "payload": {"form": form}, "router_data": ROUTE}, NAMESPACE)
    try:
        async with asyncio.timeout(60):
            while True:
                delta = {}
                for u in updates[seen:]:
                    delta.update((u.get("delta") or {}).get(key, {}))
                errors = {k: v for k, v in delta.items() if k.endswith("error_rx_state_") and v}
                if errors:
                    raise SystemExit(f"the form answered with errors: {errors}")
                if delta.get("sent_message_rx_state_"):
                    print(f"   the page says: {delta['sent_message_rx_state_']}")
                    return
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise SystemExit(f"no confirmation within 60 s; the last updates: {str(updates[-3:])[-3000:]}") from None
    finally:
        await client.disconnect()


asyncio.run(main())
EOF

step "checking the account and its verification mail in PostgreSQL (operator CLI in the app container) ($(elapsed))"
outbox=$(podman exec "$(container app)" python -m interview_app outbox --to "$email") || fail "outbox CLI"
echo "$outbox" | sed 's/^/   /'
echo "$outbox" | grep -q "to $email" || fail "no mail to $email in the outbox"

for s in worker scheduler; do
  c=$(container "$s")
  [ "$(podman inspect "$c" --format '{{.State.Running}} {{.RestartCount}}')" = "true 0" ] \
    || fail "$s is not running steadily: $(podman inspect "$c" --format '{{.State.Status}} exit {{.State.ExitCode}}, restarts {{.RestartCount}}')"
  echo "   $s running: $(podman logs --tail 1 "$c" 2>&1 | cut -c1-160)"
done
