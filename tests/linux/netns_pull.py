#!/usr/bin/env python3
"""A rollout of a real image to a namespace site (issue 22, item 1): Debian's docker-registry
(the distribution registry, generated config, on the root namespace's loopback) holds a small
image; the site's boxes a and b run the real edgeboxd in their own namespaces on a bridge; the
cloud's namespace k reaches them over a "WAN" veth limited to WAN_MBIT by tc, and holds the
registry's front (a proxy that counts every byte it sends the site, and cuts the first
transfer of the large layer after CUT_BYTES) and a stand-in for the cloud that sends box a the
rollout's deploy order, sealed with a's cloud-link key, as the cloud's RolloutController does.

  netns_pull.py test --edgeboxd BIN

Checks: box a pulls the image from the cloud's registry (Platform::pull -> `edgeboxd pull` in
a child process), the cut is a `pull.truncated` event and the firmware's retry resumes from
the cut (`resumed_from`); box b pulls it from a's `edgeboxd serve-images` over the LAN; every
blob on both boxes holds the bytes pushed and hashes to its name; the layer's executable runs;
the site's WAN carried the image once (blob bytes sent by the front == the image's, nothing
to b); a reports the site ready to the stand-in. Prints the pull times and WAN bytes, beside
the twin's prediction for a WAN of WAN_MBIT (image bytes / rate).
Exits 77 (skipped) without root, namespaces or docker-registry. Everything is torn down on
exit, also on failure or SIGTERM; the registry and daemons die with the test if it is killed
(PR_SET_PDEATHSIG), and namespaces left by a killed run are removed by the next one.
"""
import argparse
import ctypes
import glob
import hashlib
import hmac
import http.server
import io
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import oci_pull_test as oci  # noqa: E402  (the registry, blobs and layers of linux.oci_pull)

SKIP = 77
PORT = 7400
SERVE_PORT = 7401
FRONT_PORT = 5000
ADDR = {"a": "10.77.0.1", "b": "10.77.0.2", "k": "10.77.0.20"}
APP, VERSION = "hello", "1.0"
CUT_BYTES = 1024 * 1024
WAN_MBIT = 40
CLONE_NEWNET = 0x40000000
DEPLOY_ORDER, DEPLOY_STATUS = 60, 61


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)
    print(f"  ok: {message}", flush=True)


def run(*args, check_rc=True):
    r = subprocess.run(list(args), capture_output=True, text=True)
    if check_rc and r.returncode != 0:
        raise Failed(f"{' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def leftover_cleanup():
    """Namespaces and directories of an earlier run killed before its teardown."""
    for d in glob.glob(os.path.join(tempfile.gettempdir(), "et-pull-*-*")):
        pid = os.path.basename(d).split("-")[2]
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            shutil.rmtree(d, ignore_errors=True)
    for line in run("ip", "netns", "list", check_rc=False).splitlines():
        name = line.split()[0] if line.split() else ""
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "et" and parts[1].isdigit():
            if not os.path.exists(f"/proc/{parts[1]}"):
                run("ip", "netns", "del", name, check_rc=False)


class InNamespace:
    """Sockets made inside `with InNamespace(name):` belong to that network namespace (the
    calling thread's namespace is switched and restored; threads started later are not)."""
    libc = ctypes.CDLL(None, use_errno=True)

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        fd = os.open(f"/run/netns/{self.name}", os.O_RDONLY)
        try:
            if self.libc.setns(fd, CLONE_NEWNET) != 0:
                raise Failed(f"setns {self.name}: errno {ctypes.get_errno()}")
        finally:
            os.close(fd)

    def __exit__(self, *exc):
        self.libc.setns(self.home, CLONE_NEWNET)
        os.close(self.home)


# --- the wire (docs/wire-format.md): what the cloud's RolloutController sends ---------------
def wire_str(text):
    data = text.encode()
    return bytes([len(data)]) + data


def deploy_order(rollout, images):
    payload = struct.pack(">I", rollout) + wire_str("pilot") + wire_str("cloud") + wire_str("cloud")
    payload += bytes([len(images)])
    for app, version, size in images:
        payload += wire_str(app) + wire_str(version) + struct.pack(">Q", size)
    return payload


def seal(key, sender, msg_type, payload, epoch, counter):
    header = b"EDTW" + bytes([2, msg_type]) + struct.pack(">HIQ", len(payload), epoch, counter)
    body = header + payload
    tag = hmac.new(key, bytes([len(sender)]) + sender.encode() + body, hashlib.sha512).digest()[:32]
    return body + tag


def open_envelope(key, sender, datagram):
    """(type, payload) of a datagram sealed by `sender` under `key`, or None."""
    if len(datagram) < 52 or datagram[:5] != b"EDTW\x02":
        return None
    length = struct.unpack(">H", datagram[6:8])[0]
    body, tag = datagram[:20 + length], datagram[20 + length:]
    want = hmac.new(key, bytes([len(sender)]) + sender.encode() + body, hashlib.sha512).digest()[:32]
    if len(tag) != 32 or not hmac.compare_digest(tag, want):
        return None
    return datagram[5], body[20:]


def deploy_status(payload):
    rollout = struct.unpack(">I", payload[:4])[0]
    n = payload[4]
    node = payload[5:5 + n].decode()
    state, pulled = struct.unpack(">BQ", payload[5 + n:5 + n + 9])
    return {"rollout": rollout, "node": node, "state": state, "bytes_pulled": pulled}


# --- the registry's front in the cloud's namespace ------------------------------------------
class Front:
    """Forwards GETs to the registry; counts what it sends to each client (the site's WAN
    bytes); flips a byte of the first transfer of `corrupt_digest` (a registry serving wrong
    bytes) and cuts the first transfer of `cut_digest` after CUT_BYTES."""

    def __init__(self, namespace, upstream):
        front = self
        self.cut_digest = None
        self.corrupt_digest = None
        self.sent = {}  # client ip -> body bytes of blob answers
        self.requests = []  # (client ip, path, Range)
        self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                client = self.client_address[0]
                with front.lock:
                    front.requests.append((client, self.path, self.headers.get("Range")))
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "range")}
                try:
                    r = urllib.request.urlopen(urllib.request.Request(upstream + self.path, headers=headers),
                                               timeout=10)
                except urllib.error.HTTPError as e:
                    r = e
                body = r.read()
                self.send_response(r.status)
                for k in ("Content-Type", "Content-Range", "Docker-Content-Digest"):
                    if r.headers.get(k):
                        self.send_header(k, r.headers[k])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with front.lock:
                    cut = front.cut_digest is not None and self.path.endswith(front.cut_digest)
                    if cut:
                        front.cut_digest = None
                    corrupt = front.corrupt_digest is not None and self.path.endswith(front.corrupt_digest)
                    if corrupt:
                        front.corrupt_digest = None
                if cut:
                    body = body[:CUT_BYTES]
                if corrupt:
                    body = body[:100] + bytes([body[100] ^ 0xFF]) + body[101:]
                try:
                    self.wfile.write(body)
                    self.wfile.flush()
                finally:
                    with front.lock:
                        front.sent[client] = front.sent.get(client, 0) + len(body)
                if cut:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)

        with InNamespace(namespace):
            self.server = http.server.ThreadingHTTPServer((ADDR["k"], FRONT_PORT), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# --- the site ---------------------------------------------------------------------------------
class Site:
    def __init__(self, edgeboxd, root):
        self.edgeboxd = edgeboxd
        self.dir = root
        self.ns = {n: f"et-{os.getpid()}-{n}" for n in ["sw", "a", "b", "k"]}
        self.site_key = os.urandom(32).hex()
        self.cloud_keys = {n: os.urandom(32) for n in ["a", "b"]}
        self.procs = {}
        self.created = []

    def create(self):
        for ns in self.ns.values():
            run("ip", "netns", "add", ns)
            self.created.append(ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
        sw = self.ns["sw"]
        run("ip", "-n", sw, "link", "add", "br0", "type", "bridge")
        run("ip", "-n", sw, "link", "set", "br0", "up")
        for node, ip in ADDR.items():
            run("ip", "link", "add", "eth0", "netns", self.ns[node], "type", "veth",
                "peer", "name", f"p{node}", "netns", sw)
            run("ip", "-n", sw, "link", "set", f"p{node}", "master", "br0", "up")
            run("ip", "-n", self.ns[node], "addr", "add", f"{ip}/24", "dev", "eth0")
            run("ip", "-n", self.ns[node], "link", "set", "eth0", "up")
        # The WAN: what the cloud sends the site goes at WAN_MBIT (the LAN between a and b is
        # the bridge, unlimited).
        r = subprocess.run(["ip", "netns", "exec", self.ns["k"], "tc", "qdisc", "add", "dev", "eth0",
                            "root", "tbf", "rate", f"{WAN_MBIT}mbit", "burst", "32kb",
                            "latency", "400ms"], capture_output=True, text=True)
        self.wan_limited = r.returncode == 0
        if not self.wan_limited:
            print(f"  note: no tc tbf ({r.stderr.strip()}): the WAN is not rate-limited", flush=True)

    def teardown(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        for ns in self.created:
            run("ip", "netns", "del", ns, check_rc=False)
        self.created = []

    def secret_file(self, node, name, hex_text):
        path = f"{self.dir}/{node}/{name}"
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(hex_text + "\n")
        return path

    def state_dir(self, node):
        return f"{self.dir}/{node}/state"

    def events_path(self, node):
        return f"{self.dir}/{node}/events.jsonl"

    def config(self, node):
        peer = "b" if node == "a" else "a"
        return {"format": "edgeboxd.config/v1", "role": "box", "name": node, "site": "s001",
                "listen": f"{ADDR[node]}:{PORT}", "state_dir": self.state_dir(node),
                "events": self.events_path(node),
                "peers": [{"name": peer, "address": f"{ADDR[peer]}:{PORT}"}],
                "cloud": {"address": f"{ADDR['k']}:{PORT}"},
                "wire_keys": {"site": self.secret_file(node, "site.key", self.site_key),
                              "cloud": self.secret_file(node, "cloud.key", self.cloud_keys[node].hex())},
                "timing": {"peer_interval_ms": 500, "peer_timeout_ms": 1500},
                "images": {"registry": f"http://{ADDR['k']}:{FRONT_PORT}", "serve_port": SERVE_PORT,
                           "pull_retry_ms": 1000, "pull_timeout_ms": 30000}}

    def start(self, node):
        os.makedirs(f"{self.dir}/{node}", exist_ok=True)
        path = f"{self.dir}/{node}/config.json"
        with open(path, "w") as f:
            json.dump(self.config(node), f, indent=1)
        log = open(f"{self.dir}/{node}/stderr.log", "a")
        self.procs[node] = subprocess.Popen(
            ["ip", "netns", "exec", self.ns[node], self.edgeboxd, "--config", path],
            stdout=log, stderr=log, preexec_fn=oci.die_with_parent)

    def events(self, node, kind=None):
        try:
            with open(self.events_path(node)) as f:
                out = [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            return []
        return [e for e in out if kind is None or e["kind"] == kind]

    def wait_event(self, node, kind, timeout_s):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = self.events(node, kind)
            if found:
                return found[0]
            time.sleep(0.05)
        raise Failed(f"no {kind} event from box {node} within {timeout_s} s")


class CloudStandIn:
    """The cloud's end of box a's link: sends the deploy order (re-sent every 2 s until the box
    answers, as the RolloutController re-sends) and collects the statuses it reports."""

    def __init__(self, site):
        self.site = site
        with InNamespace(site.ns["k"]):
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.bind((ADDR["k"], PORT))
        self.sock.settimeout(0.2)
        self.counter = 0
        self.epoch = 1

    def send_order(self, rollout, images):
        self.counter += 1
        datagram = seal(self.site.cloud_keys["a"], "cloud", DEPLOY_ORDER, deploy_order(rollout, images),
                        self.epoch, self.counter)
        self.sock.sendto(datagram, (ADDR["a"], PORT))

    def roll_out(self, rollout, images, timeout_s):
        """Statuses of `rollout` from a until it says the site is ready (state 1)."""
        statuses = []
        deadline = time.monotonic() + timeout_s
        next_send = 0.0
        while time.monotonic() < deadline:
            if not statuses and time.monotonic() >= next_send:
                self.send_order(rollout, images)
                next_send = time.monotonic() + 2
            try:
                datagram, source = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            if source[0] != ADDR["a"]:
                continue
            opened = open_envelope(self.site.cloud_keys["a"], "a", datagram)
            if not opened or opened[0] != DEPLOY_STATUS:
                continue
            status = deploy_status(opened[1])
            if status["rollout"] != rollout:
                continue
            statuses.append(status)
            if status["state"] == 1:
                return statuses
        raise Failed(f"box a did not report the site ready within {timeout_s} s: {statuses}")

    def close(self):
        self.sock.close()


def sha256_file(path):
    with open(path, "rb") as f:
        return "sha256:" + hashlib.sha256(f.read()).hexdigest()


def blob_files(state):
    d = os.path.join(state, "images/blobs/sha256")
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def pull_window(events, image):
    """Seconds from the platform's last `pull.start` of `image` to its `pull.end`."""
    end = next(e for e in events if e["kind"] == "pull.end" and e["image"] == image)
    start = [e for e in events if e["kind"] == "pull.start" and e["image"] == image and e["t"] <= end["t"]][-1]
    return end["t"] - start["t"]


def tx_bytes(namespace):
    """Bytes the namespace's eth0 has sent (IP packets, headers included): the WAN's load."""
    stats = json.loads(run("ip", "-n", namespace, "-j", "-s", "link", "show", "eth0"))
    return stats[0]["stats64"]["tx"]["bytes"]


def make_image(registry, version, greeting):
    """Pushes hello:<version> (a config, a layer with bin/hello, a 4 MiB layer); returns the
    blobs and the manifest."""
    hello = b"#!/bin/sh\necho " + greeting + b"\n"
    layers = [oci.layer_tar([("bin/hello", hello, 0o755)]),
              oci.layer_tar([("data/blob.bin", os.urandom(4 * 1024 * 1024), 0o644)])]
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/hello"]},
                         "rootfs": {"type": "layers",
                                    "diff_ids": [oci.digest(x) for x in layers]}}).encode()
    blobs = [config] + layers
    for blob in blobs:
        registry.push_blob(blob)
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": oci.digest(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": oci.digest(x), "size": len(x)} for x in layers]}).encode()
    check(registry.push_manifest(version, manifest) == 201, f"pushed {APP}:{version}")
    return blobs, manifest


def command_test(args):
    oci.REPO = APP  # the registry's repository is the app's name (ImageRef::name)
    root = tempfile.mkdtemp(prefix=f"et-pull-{os.getpid()}-")
    site = Site(args.edgeboxd, root)
    registry = front = cloud = None
    try:
        print("a registry and a namespace site", flush=True)
        registry = oci.Registry(root)
        blobs, manifest = make_image(registry, VERSION, b"hello from the rolled-out image")
        layers = blobs[1:]
        total = sum(len(b) for b in blobs)
        big = oci.digest(layers[1])
        site.create()
        front = Front(site.ns["k"], registry.url)
        front.corrupt_digest = oci.digest(layers[0])
        front.cut_digest = big
        cloud = CloudStandIn(site)
        for node in ["a", "b"]:
            site.start(node)
        for node in ["a", "b"]:
            site.wait_event(node, "images.serve", 10)

        print("the cloud orders box a; the site pulls, installs and reports ready", flush=True)
        t0 = time.monotonic()
        statuses = cloud.roll_out(1, [(APP, VERSION, total)], 30)
        rollout_s = time.monotonic() - t0
        check(statuses[-1]["node"] == "a" and statuses[-1]["rollout"] == 1,
              f"box a reported the site ready ({rollout_s:.1f} s after the order)")
        check(statuses[-1]["bytes_pulled"] == total, "its status counts the image's bytes once")

        ea, eb = site.events("a"), site.events("b")
        starts_a = [e for e in ea if e["kind"] == "pull.start"]
        check(starts_a and all(e["source"] == "cloud" and e["url"] == f"http://{ADDR['k']}:{FRONT_PORT}"
                               and e["image"] == f"{APP}:{VERSION}" for e in starts_a),
              "box a pulled hello:1.0 from the cloud's registry")
        kinds = [e["kind"] for e in ea if e["kind"] in ("pull.start", "pull.wrong_digest", "pull.truncated",
                                                         "pull.failed", "pull.end")]
        check(kinds == ["pull.start", "pull.wrong_digest", "pull.failed", "pull.start", "pull.truncated",
                        "pull.failed", "pull.start", "pull.end"],
              "wrong bytes, then the cut: each a named event and a failed pull, then a complete one")
        failed = [e["t"] for e in ea if e["kind"] == "pull.failed"]
        gaps = [round(starts_a[i + 1]["t"] - failed[i], 2) for i in range(2)]
        check(0.95 <= gaps[0] <= 1.5 and 1.95 <= gaps[1] <= 2.5,
              f"the firmware retried after 1 s, then 2 s (its back-off from pull_retry_ms): {gaps}")
        check(not any(oci.digest(layers[0]).split(":")[1] + ".partial" in f
                      for f in os.listdir(os.path.join(site.state_dir("a"), "images/blobs/sha256"))),
              "the wrong bytes were not kept")
        resumed = [e for e in ea if e["kind"] == "pull.blob" and e["digest"] == big]
        check(resumed and resumed[-1]["resumed_from"] == CUT_BYTES and
              resumed[-1]["fetched"] == len(layers[1]) - CUT_BYTES,
              f"the retry resumed the layer at byte {CUT_BYTES} (HTTP Range)")
        check(any(r == f"bytes={CUT_BYTES}-" for _, p, r in front.requests if p.endswith(big)),
              "the front saw Range: bytes=N-")
        starts_b = [e for e in eb if e["kind"] == "pull.start"]
        check(starts_b and all(e["source"] == "a" and e["url"] == f"http://{ADDR['a']}:{SERVE_PORT}"
                               for e in starts_b),
              "box b pulled from box a's serve-images over the LAN")
        done_b = [e for e in eb if e["kind"] == "pull.done"]
        check(done_b and done_b[-1]["fetched"] == total, f"box b fetched the {total} bytes from a")
        for node, events in [("a", ea), ("b", eb)]:
            check(any(e["kind"] == "app.version" and e["app"] == APP and e["version"] == VERSION
                      for e in events), f"box {node} installed {APP} {VERSION}")

        print("the bytes and the digests", flush=True)
        want = sorted(oci.digest(b).split(":")[1] for b in blobs)
        for node in ["a", "b"]:
            state = site.state_dir(node)
            check(blob_files(state) == want, f"box {node} holds exactly the image's blobs, no partial")
            for name in blob_files(state):
                check(sha256_file(os.path.join(state, "images/blobs/sha256", name)) == "sha256:" + name,
                      f"box {node}: blob {name[:12]}... hashes to its name")
            for blob in blobs:
                with open(os.path.join(state, "images/blobs/sha256", oci.digest(blob).split(":")[1]), "rb") as f:
                    check(f.read() == blob, f"box {node}: {oci.digest(blob)[:19]}... holds the bytes pushed")
            with open(os.path.join(state, "images/manifests", APP, f"{VERSION}.json"), "rb") as f:
                check(f.read() == manifest, f"box {node}: the manifest byte for byte")
        run_dir = os.path.join(root, "run")
        with tarfile.open(os.path.join(site.state_dir("b"), "images/blobs/sha256",
                                       oci.digest(layers[0]).split(":")[1])) as t:
            t.extractall(run_dir)
        out = run(os.path.join(run_dir, "bin/hello"))
        check(out.strip() == "hello from the rolled-out image", "box b's layer runs: " + out.strip())

        print("one WAN download per site", flush=True)
        wan = sum(front.sent.values())
        check(front.sent.get(ADDR["b"], 0) == 0 and
              not any(ip == ADDR["b"] for ip, _, _ in front.requests), "box b asked the cloud for nothing")
        check(total + len(layers[0]) <= wan <= total + len(layers[0]) + 3 * len(manifest),
              f"the WAN carried {wan} bytes for a {total}-byte image: the corrupted layer twice, "
              "the cut's bytes once")
        first = {"image_bytes": total, "http_bytes": wan, "rollout_s": round(rollout_s, 2),
                 "resumed_pull_a_s": round(pull_window(ea, f"{APP}:{VERSION}"), 3)}

        print("a second rollout, uncut: the figures beside the twin's", flush=True)
        blobs2, _ = make_image(registry, "1.1", b"hello from version 1.1")
        total2 = sum(len(b) for b in blobs2)
        sent_before, tx_before = dict(front.sent), tx_bytes(site.ns["k"])
        t0 = time.monotonic()
        cloud.roll_out(2, [(APP, "1.1", total2)], 30)
        rollout2_s = time.monotonic() - t0
        ea, eb = site.events("a"), site.events("b")
        image2 = f"{APP}:1.1"
        check([e["source"] for e in ea if e["kind"] == "pull.start" and e["image"] == image2] == ["cloud"] and
              [e["source"] for e in eb if e["kind"] == "pull.start" and e["image"] == image2] == ["a"],
              "one pull each: a from the cloud, b from a")
        http2 = sum(front.sent.values()) - sum(sent_before.values())
        check(front.sent.get(ADDR["b"], 0) == sent_before.get(ADDR["b"], 0) and total2 <= http2 <= total2 + 2048,
              f"the WAN carried the image once ({http2} bytes of HTTP bodies for {total2})")
        wire2 = tx_bytes(site.ns["k"]) - tx_before
        print(json.dumps({"first": first, "second": {
            "image_bytes": total2, "http_bytes": http2, "wan_ip_bytes": wire2,
            "wan_mbit": WAN_MBIT if site.wan_limited else None,
            "pull_a_s": round(pull_window(ea, image2), 3), "pull_b_s": round(pull_window(eb, image2), 3),
            "closed_form_a_s": round(total2 * 8 / (WAN_MBIT * 1e6), 3), "rollout_s": round(rollout2_s, 2)}}),
            flush=True)
        print("netns pull: all checks passed", flush=True)
        return 0
    except Failed as e:
        print(f"FAILED: {e}\n  logs and events kept in {root}", flush=True)
        root = None
        return 1
    finally:
        if cloud:
            cloud.close()
        if front:
            front.stop()
        site.teardown()
        if registry:
            registry.stop()
        if root:
            shutil.rmtree(root, ignore_errors=True)


def can_run():
    if os.geteuid() != 0:
        return "not root: network namespaces need CAP_SYS_ADMIN and CAP_NET_ADMIN"
    if shutil.which("docker-registry") is None:
        return "docker-registry is not installed (apt-get install docker-registry)"
    probe = f"et-{os.getpid()}-probe"
    r = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if r.returncode != 0:
        return f"cannot create a network namespace: {r.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["test"])
    parser.add_argument("--edgeboxd", required=True)
    args = parser.parse_args()
    why_not = can_run()
    if why_not:
        print(f"SKIP: {why_not}")
        return SKIP
    leftover_cleanup()
    oci.remove_leftovers()
    # CTest stops a test with SIGTERM on timeout: tear down on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    args.edgeboxd = os.path.abspath(args.edgeboxd)
    return command_test(args)


if __name__ == "__main__":
    sys.exit(main())
