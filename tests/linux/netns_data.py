#!/usr/bin/env python3
"""MariaDB and Redis under the firmware's data HA, in network namespaces (issue 22, item 3).

  netns_data.py test --edgeboxd BIN --history-check BIN [--json FILE]

The site of netns_site.py (boxes a (150) and b (100), witness w, client c, 1 s adverts), each
box running the real edgeboxd with its own mariadbd (own datadir, port 3306 in its namespace,
semi-sync with the fleet one-site-mysql's 2 s timeout) and redis-server (port 6379), both
under the firmware's data roles (`data` in the config; firmware-shim/linux data_runtime.hpp).
A client in c writes unique values through the VIP (pymysql, one connection, reconnecting),
recording a history in the twin's format. Checks, in order:

  boot: a's server is primary (writable, semi-sync master), b's a read-only replica of a;
  SIGKILL of a (its servers die with it): b's servers become primary; the MariaDB failover
    time (the kill to the client's first acknowledged write on b) is printed;
  a restarted (preempt off): its servers rejoin as replicas of b and catch up over GTID;
  LAN split a<->b with the witness (10 s): b keeps the VIP and one primary; semi-sync falls
    back to async after its timeout; after the heal a catches up;
  the twin's lost-write checker (history_check) over the client's history against b's table:
    0 acknowledged writes lost; a's table holds the same rows.

Everything is torn down on exit; the daemons die with this script (PR_SET_PDEATHSIG) and take
their servers along, and what a killed run left (namespaces, /tmp/et-data-<pid>-*) is removed
by the next. Exit 77 (skipped) without root, namespaces, mariadbd, redis-server or pymysql."""
import argparse
import ctypes
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns_site as ns  # noqa: E402

DB_PORT = 3306
REDIS_PORT = 6379
SEMI_SYNC_TIMEOUT_MS = 2000  # the fleet one-site-mysql's, which the twin's data scenarios use
REPL_PASSWORD = "replpw"
APP_PASSWORD = "apppw"
WRITE_RATE = 20.0  # per second, as in data-primary-crash-semisync
SPLIT_S = 10.0
MARIADBD = shutil.which("mariadbd") or "/usr/sbin/mariadbd"


def import_pymysql():
    try:
        import pymysql  # noqa: F401
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")  # Debian's python3-pymysql
    try:
        import pymysql
        return pymysql
    except ImportError:
        return None


def die_with_parent():
    """Runs in the child before exec: killed when this script dies, however it dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def leftover_cleanup():
    for path in glob.glob("/tmp/et-data-*"):
        parts = os.path.basename(path).split("-")
        if len(parts) >= 3 and parts[2].isdigit() and not os.path.exists(f"/proc/{parts[2]}"):
            shutil.rmtree(path, ignore_errors=True)


class DataSite(ns.Site):
    def __init__(self, edgeboxd):
        super().__init__(edgeboxd, 1000)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = tempfile.mkdtemp(prefix=f"et-data-{os.getpid()}-")

    def prepare(self):
        """One fresh datadir (mariadb-install-db, ~5 s), copied for each box: both start with
        the same empty GTID state. Accounts and the table come from --init-file, unlogged."""
        template = f"{self.dir}/mariadb-template"
        r = subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={template}",
                            "--user=root", "--auth-root-authentication-method=socket"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise ns.Failed(f"mariadb-install-db: {r.stderr.strip()[-300:]}")
        with open(f"{self.dir}/init.sql", "w") as f:
            f.write("SET sql_log_bin=0;\n"
                    f"CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY '{REPL_PASSWORD}';\n"
                    "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';\n"
                    f"CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY '{APP_PASSWORD}';\n"
                    "CREATE DATABASE IF NOT EXISTS et;\n"
                    "GRANT ALL ON et.* TO 'app'@'%';\n"
                    "CREATE TABLE IF NOT EXISTS et.w (v BIGINT PRIMARY KEY) ENGINE=InnoDB;\n")
        for node in ["a", "b"]:
            os.makedirs(f"{self.dir}/{node}/redis", exist_ok=True)
            shutil.copytree(template, f"{self.dir}/{node}/mariadb", symlinks=True)

    def socket(self, node):
        return f"{self.dir}/{node}/mysqld.sock"

    def mariadbd(self, node):
        server_id = {"a": 1, "b": 2}[node]
        return [MARIADBD, "--no-defaults", f"--datadir={self.dir}/{node}/mariadb", "--user=root",
                f"--socket={self.socket(node)}", f"--port={DB_PORT}", "--bind-address=0.0.0.0",
                f"--pid-file={self.dir}/{node}/mysqld.pid", f"--server-id={server_id}",
                "--log-bin=binlog", "--log-slave-updates", "--gtid-strict-mode=ON",
                "--sync-binlog=1", "--innodb-flush-log-at-trx-commit=1",
                "--skip-name-resolve", "--performance-schema=OFF",
                "--innodb-buffer-pool-size=16M", "--read-only=ON",
                # A box boots as a replica: after a crash its server rolls back the transactions
                # it binlogged but no replica acknowledged (MariaDB's semi-sync slave recovery),
                # the divergent tail the firmware discards.
                "--init-rpl-role=SLAVE", "--rpl-semi-sync-slave-enabled=ON",
                f"--init-file={self.dir}/init.sql"]

    def config(self, node):
        c = super().config(node)
        if node == "w":
            return c
        peer = "b" if node == "a" else "a"
        c.pop("peer_apps", None)
        c.pop("failover", None)
        # Servers start in a few seconds on a loaded machine: a lenient health check.
        c["health"] = {"period_ms": 2000, "timeout_ms": 1000, "failure_threshold": 10,
                       "backoff_initial_ms": 1000, "backoff_max_ms": 8000}
        c["apps"] = [
            {"name": "mysql-0", "app": "mysql", "command": self.mariadbd(node),
             "probe": {"tcp_port": DB_PORT}},
            {"name": "redis-0", "app": "redis",
             "command": ["redis-server", "--port", str(REDIS_PORT), "--bind", "0.0.0.0",
                         "--protected-mode", "no", "--dir", f"{self.dir}/{node}/redis",
                         "--save", "", "--appendonly", "no"],
             "probe": {"tcp_port": REDIS_PORT}}]
        c["data"] = [
            {"app": "mysql", "engine": "mariadb", "rank": 1 if node == "a" else 2,
             "socket": self.socket(node), "peer": f"{ns.ADDR[peer]}:{DB_PORT}",
             "replication": {"user": "repl", "password": REPL_PASSWORD}, "client_user": "app",
             "semi_sync": True, "semi_sync_timeout_ms": SEMI_SYNC_TIMEOUT_MS},
            {"app": "redis", "engine": "redis", "rank": 1 if node == "a" else 2,
             "port": REDIS_PORT, "peer": f"{ns.ADDR[peer]}:{REDIS_PORT}",
             "semi_sync": True, "semi_sync_timeout_ms": SEMI_SYNC_TIMEOUT_MS}]
        return c

    def start(self, node):
        os.makedirs(f"{self.dir}/{node}", exist_ok=True)
        path = f"{self.dir}/{node}/config.json"
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            json.dump(self.config(node), f, indent=1)
        log = open(f"{self.dir}/{node}/stderr.log", "a")
        self.procs[node] = subprocess.Popen(
            ["ip", "netns", "exec", self.ns[node], self.edgeboxd, "--config", path],
            stdout=log, stderr=log, preexec_fn=die_with_parent)

    def sql(self, node, query, names=False):
        r = subprocess.run(["ip", "netns", "exec", self.ns[node], "mariadb", "--no-defaults",
                            f"--socket={self.socket(node)}", "-uroot", "--batch",
                            *([] if names else ["--skip-column-names"]), "-e", query],
                           capture_output=True, text=True, timeout=20)
        if r.returncode != 0:
            raise ns.Failed(f"mariadb at {node}: {query}: {r.stderr.strip()}")
        return r.stdout.strip()

    def redis(self, node, *args):
        r = subprocess.run(["ip", "netns", "exec", self.ns[node], "redis-cli", "-p",
                            str(REDIS_PORT), *args], capture_output=True, text=True, timeout=10)
        return r.stdout.strip()

    def applied(self, node, app, role, t0):
        return self.first_event_after(node, "data.role_applied", t0, app=app, role=role)


# --- the client, run inside the client's namespace ---------------------------------------------
def run_client(out_path, rate):
    pymysql = import_pymysql()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    history = []
    conn = None
    request = 0
    next_at = time.monotonic()
    while not stop:
        now = time.monotonic()
        if now < next_at:
            time.sleep(next_at - now)
            continue
        next_at += 1.0 / rate
        request += 1
        read = request % 5 == 0
        op = {"site": "s001", "app": "mysql", "op": "read" if read else "write",
              "request": request, "value": 0 if read else request,
              "invoke_s": round(time.monotonic(), 6), "outcome": "unknown"}
        history.append(op)
        sent = False
        try:
            if conn is None:
                conn = pymysql.connect(host=ns.VIP, port=DB_PORT, user="app", password=APP_PASSWORD,
                                       database="et", connect_timeout=1, read_timeout=5,
                                       write_timeout=5, autocommit=True)
            with conn.cursor() as cur:
                sent = True
                if read:
                    cur.execute("SELECT COALESCE(MAX(v), 0) FROM w")
                    op["value"] = int(cur.fetchone()[0])
                else:
                    cur.execute("INSERT INTO w VALUES (%s)", (request,))
            op["outcome"] = "ok"
            op["complete_s"] = round(time.monotonic(), 6)
        except pymysql.err.MySQLError as e:
            code = e.args[0] if e.args and isinstance(e.args[0], int) else 0
            # Refused before anything was applied: not connected, or a read-only server
            # (1290, --read-only; 1836, read-only replica). Anything else may have applied.
            if not sent or code in (1290, 1836):
                op["outcome"] = "fail"
                op["status"] = str(code)
                op["complete_s"] = round(time.monotonic(), 6)
            try:
                conn.close()
            except Exception:
                pass
            conn = None
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        for op in history:
            f.write(json.dumps(op) + "\n")
    os.rename(tmp, out_path)


# --- the proof ----------------------------------------------------------------------------------
def prove_boot(site, t0):
    print("boot: a's servers primary, b's replicas of a", flush=True)
    site.converge("a", 30)
    site.wait_for("a's mariadb primary", lambda: site.applied("a", "mysql", "primary", t0), 60)
    site.wait_for("b's mariadb replica", lambda: site.applied("b", "mysql", "replica", t0), 60)
    site.wait_for("a's redis primary", lambda: site.applied("a", "redis", "primary", t0), 60)
    site.wait_for("b's redis replica", lambda: site.applied("b", "redis", "replica", t0), 60)
    check_primary(site, "a")
    site.wait_for("b's replication running", lambda: replicating(site, "b"), 20)
    check_replica(site, "b", "a")


def replicating(site, node):
    status = site.sql(node, "SHOW SLAVE STATUS\\G", names=True)
    return "Slave_IO_Running: Yes" in status and "Slave_SQL_Running: Yes" in status


def check_primary(site, node):
    ro, semi = site.sql(node, "SELECT @@read_only, @@rpl_semi_sync_master_enabled").split()
    ns.check(ro == "0" and semi == "1", f"{node}'s mariadb is writable and a semi-sync master")
    ns.check(site.redis(node, "ROLE").splitlines()[0] == "master", f"{node}'s redis is a master")


def check_replica(site, node, primary):
    ns.check(site.sql(node, "SELECT @@read_only") == "1", f"{node}'s mariadb is read-only")
    status = site.sql(node, "SHOW SLAVE STATUS\\G", names=True)
    ns.check(f"Master_Host: {ns.ADDR[primary]}" in status and "Using_Gtid: Current_Pos" in status,
             f"{node}'s mariadb replicates from {primary} over GTID")
    role = site.redis(node, "ROLE").splitlines()
    ns.check(role[:2] == ["slave", ns.ADDR[primary]], f"{node}'s redis is a replica of {primary}")


def first_ok_write_after(history, t):
    oks = [op for op in history if op["op"] == "write" and op["outcome"] == "ok"
           and op["invoke_s"] >= t]
    return min(oks, key=lambda op: op["complete_s"]) if oks else None


def command_test(args):
    site = DataSite(args.edgeboxd)
    client = None
    history_path = f"{site.dir}/history.jsonl"
    figures = {}
    try:
        site.prepare()
        site.create()
        t0 = time.monotonic()
        for node in ["w", "a", "b"]:
            site.start(node)
        prove_boot(site, t0)
        figures["boot_primary_applied_ms"] = site.applied("a", "mysql", "primary", t0)["ms"]

        print("client: writes through the VIP", flush=True)
        client = subprocess.Popen(["ip", "netns", "exec", site.ns["c"], sys.executable,
                                   os.path.abspath(__file__), "_client", history_path,
                                   str(WRITE_RATE)], preexec_fn=die_with_parent)
        time.sleep(6)

        print("SIGKILL of a: b's servers become primary", flush=True)
        t_kill = site.signal("a", signal.SIGKILL)
        site.procs["a"].wait()
        site.wait_for("b's mariadb primary", lambda: site.applied("b", "mysql", "primary", t_kill), 30)
        site.wait_for("b's redis primary", lambda: site.applied("b", "redis", "primary", t_kill), 30)
        t_applied = site.applied("b", "mysql", "primary", t_kill)["t"]
        check_primary(site, "b")
        time.sleep(6)

        print("a restarted (preempt off): its servers rejoin as replicas of b", flush=True)
        site.preempt = False
        t_restart = time.monotonic()
        site.start("a")
        site.wait_for("a's mariadb replica", lambda: site.applied("a", "mysql", "replica", t_restart), 60)
        site.wait_for("a's replication running", lambda: replicating(site, "a"), 30)
        check_replica(site, "a", "b")
        ns.check(site.holders() == ["b"], "b keeps the VIP")
        time.sleep(3)

        print(f"LAN split a<->b for {SPLIT_S:.0f} s (the witness reaches both)", flush=True)
        t_split = time.monotonic()
        site.isolate(True)
        dual = 0
        while time.monotonic() < t_split + SPLIT_S:
            dual += len(site.holders()) > 1
            time.sleep(0.1)
        site.isolate(False)
        ns.check(dual == 0, "never two VIP holders during the split")
        ns.check(site.holders() == ["b"], "b holds the VIP through the split")
        ns.check(site.first_event_after("a", "data.server_sync", t_split, app="mysql", in_sync=False),
                 "a's server fell out of sync during the split (data.server_sync)")
        site.wait_for("a's server back in sync",
                      lambda: site.first_event_after("a", "data.server_sync", t_split + SPLIT_S,
                                                     app="mysql", in_sync=True), 30)
        time.sleep(3)
        # a (150) outranks b (100) in VRRP: only its server's lag (its data service not in
        # sync, priority lowered) kept it from taking the VIP when the split healed.
        ns.check(site.holders() == ["b"], "b still holds the VIP after the heal")

        client.send_signal(signal.SIGTERM)
        client.wait(timeout=30)
        client = None
        with open(history_path) as f:
            history = [json.loads(line) for line in f]

        count_b = site.sql("b", "SELECT COUNT(*) FROM et.w")
        site.wait_for("a to hold b's rows", lambda: site.sql("a", "SELECT COUNT(*) FROM et.w") == count_b, 30)
        values = [int(v) for v in site.sql("b", "SELECT v FROM et.w").split()]
        final_path = f"{site.dir}/final.json"
        with open(final_path, "w") as f:
            json.dump({"site": "s001", "app": "mysql", "box": "b", "values": values}, f)
        r = subprocess.run([args.history_check, history_path, final_path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise ns.Failed(f"history_check: {r.stderr.strip()}")
        result = json.loads(r.stdout)[0]
        print("  checker:", json.dumps(result), flush=True)
        ns.check(result["acknowledged_writes"] >= 100, f"{result['acknowledged_writes']} writes acknowledged")
        ns.check(result["lost_writes"] == 0, "0 acknowledged writes lost (semi-sync)")
        ns.check(result["phantom_reads"] == 0, "0 phantom reads")
        ns.check(site.sql("a", "SELECT @@read_only") == "1", "a's mariadb is still read-only")

        first = first_ok_write_after(history, t_kill)
        if first is None:
            raise ns.Failed("no write acknowledged after the kill")
        figures.update({
            "mariadb_failover_s": round(first["complete_s"] - t_kill, 3),
            "vip_to_b_primary_applied_s": round(t_applied - t_kill, 3),
            "b_primary_applied_ms": site.applied("b", "mysql", "primary", t_kill)["ms"],
            "a_rejoin_replica_applied_ms": site.applied("a", "mysql", "replica", t_restart)["ms"],
            "unavailable_s": round(result["unavailable_s"], 3),
            "acknowledged_writes": result["acknowledged_writes"],
            "lost_writes": result["lost_writes"],
            "unknown_writes": result["unknown_writes"],
            "failed_writes": result["failed_writes"],
            # MariaDB's own count of fallbacks to async (the firmware's log carries no writes here).
            "semi_sync_fallbacks_b": int(site.sql(
                "b", "SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync_master_no_times'").split()[1]),
            "role_refusals": sum(1 for n in ["a", "b"] for e in site.events(n)
                                 if e["kind"] == "data.role_refused"),
        })
        print("figures:", json.dumps(figures), flush=True)
        if args.json:
            with open(args.json, "w") as f:
                json.dump(figures, f)
        print("netns data: all checks passed")
        shutil.rmtree(site.dir, ignore_errors=True)  # kept only when a check failed
        return 0
    except ns.Failed as e:
        print(f"FAILED: {e}\n  logs and events kept in {site.dir}", flush=True)
        return 1
    finally:
        if client is not None and client.poll() is None:
            client.kill()
            client.wait()
        site.teardown()


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "_client":
        run_client(sys.argv[2], float(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["test"])
    parser.add_argument("--edgeboxd", required=True)
    parser.add_argument("--history-check", required=True)
    parser.add_argument("--json", help="write the measured figures here")
    args = parser.parse_args()
    why_not = ns.can_run()
    for tool in ["mariadbd", "mariadb-install-db", "mariadb", "redis-server", "redis-cli"]:
        if not why_not and shutil.which(tool) is None and not os.path.exists(f"/usr/sbin/{tool}"):
            why_not = f"{tool} not installed (scripts/setup.sh installs it)"
    if not why_not and import_pymysql() is None:
        why_not = "pymysql not installed (python3-pymysql)"
    if why_not:
        print(f"SKIP: {why_not}")
        return ns.SKIP
    ns.leftover_cleanup()
    leftover_cleanup()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    return command_test(args)


if __name__ == "__main__":
    sys.exit(main())
