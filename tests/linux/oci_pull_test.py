#!/usr/bin/env python3
"""`edgeboxd pull` against Debian's docker-registry (the distribution registry) on loopback.

The test starts its own registry (generated config, own storage directory, a free port), pushes
a small image over the OCI distribution API (a config blob and two layer tarballs, one of 2 MiB
with the executable the container runs), and checks:
  - the pull writes every blob under state_dir with the bytes pushed (sha256 of each file), and
    the manifest last, byte for byte;
  - a second pull fetches nothing (every blob already verified);
  - a transfer cut after 300 KiB (a proxy in front of the registry closes the connection) is a
    `pull.truncated` failure, keeps the partial bytes and writes no manifest; the next pull
    resumes with an HTTP Range from the cut and fetches only the rest;
  - a registry serving a blob whose bytes hash to another digest: `pull.wrong_digest`, no
    blob under its name, no partial left, no manifest; a retry once the registry is repaired
    completes;
  - a registry answering a blob with an error: `pull.http_status`, no partial bytes kept;
  - a manifest over 64 KiB: `pull.manifest_oversize`, nothing written;
  - no registry listening: `pull.unreachable`.
Exits 77 (skipped) where docker-registry is not installed. Everything lives in a temporary
directory, removed on exit; the registry is stopped also when the test fails, dies with the test
when it is killed (PR_SET_PDEATHSIG), and a directory left by a killed run is removed by the next.
"""
import ctypes
import glob
import hashlib
import http.server
import io
import json
import os
import signal
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.request

SKIP = 77
CUT_BYTES = 300 * 1024
REPO = "apps/hello"


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)
    print(f"  ok: {message}", flush=True)


def die_with_parent():
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def remove_leftovers():
    """Directories of runs that were killed (their pid is gone)."""
    for d in glob.glob(os.path.join(tempfile.gettempdir(), "et-oci-*-*")):
        pid = os.path.basename(d).split("-")[2]
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            shutil.rmtree(d, ignore_errors=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def layer_tar(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data, mode in files:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), mode, 0
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


class Registry:
    def __init__(self, root):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.storage = os.path.join(root, "registry")
        config = os.path.join(root, "registry.yml")
        with open(config, "w") as f:
            f.write("version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n"
                    f"    rootdirectory: {self.storage}\nhttp:\n  addr: 127.0.0.1:{self.port}\n")
        self.log = open(os.path.join(root, "registry.log"), "w")
        self.proc = subprocess.Popen(["docker-registry", "serve", config],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     preexec_fn=die_with_parent)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/v2/", timeout=1)
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        raise Failed("docker-registry did not answer on /v2/ within 20 s")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()

    def request(self, method, url, data=None, headers=None):
        req = urllib.request.Request(url if url.startswith("http") else self.url + url,
                                     data=data, method=method, headers=headers or {})
        return urllib.request.urlopen(req, timeout=10)

    def push_blob(self, data):
        with self.request("POST", f"/v2/{REPO}/blobs/uploads/") as r:
            location = r.headers["Location"]
        sep = "&" if "?" in location else "?"
        with self.request("PUT", f"{location}{sep}digest={digest(data)}", data,
                          {"Content-Type": "application/octet-stream"}) as r:
            check(r.status == 201, f"pushed blob {digest(data)[:19]}... ({len(data)} bytes)")

    def push_manifest(self, tag, manifest):
        with self.request("PUT", f"/v2/{REPO}/manifests/{tag}", manifest,
                          {"Content-Type": "application/vnd.oci.image.manifest.v1+json"}) as r:
            return r.status

    def blob_file(self, d):
        hexd = d.split(":")[1]
        return os.path.join(self.storage, "docker/registry/v2/blobs/sha256", hexd[:2], hexd, "data")


class CutProxy:
    """Forwards GETs to the registry; while `cut_digest` is set, the first GET of that blob
    sends the full Content-Length, then CUT_BYTES, then closes the connection."""

    def __init__(self, upstream):
        proxy = self
        self.cut_digest = None
        self.ranges = []  # the Range headers seen, in order

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "range")}
                if "/blobs/" in self.path:
                    proxy.ranges.append(self.headers.get("Range"))
                req = urllib.request.Request(upstream + self.path, headers=headers)
                try:
                    r = urllib.request.urlopen(req, timeout=10)
                except urllib.error.HTTPError as e:
                    r = e
                body = r.read()
                self.send_response(r.status)
                for k in ("Content-Type", "Content-Range", "Docker-Content-Digest"):
                    if r.headers.get(k):
                        self.send_header(k, r.headers[k])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                cut = proxy.cut_digest and self.path.endswith(proxy.cut_digest)
                if cut:
                    proxy.cut_digest = None
                    self.wfile.write(body[:CUT_BYTES])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def pull(edgeboxd, registry_url, image, state_dir):
    r = subprocess.run([edgeboxd, "pull", "--registry", registry_url, "--image", image,
                        "--state-dir", state_dir], capture_output=True, text=True, timeout=60)
    events = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    return r.returncode, events


def event(events, kind):
    return next((e for e in events if e["kind"] == kind), None)


def files_under(d):
    out = []
    for base, _, names in os.walk(d):
        out += [os.path.relpath(os.path.join(base, n), d) for n in names]
    return sorted(out)


def run(edgeboxd, root):
    registry = Registry(root)
    proxy = None
    try:
        hello = b"#!/bin/sh\necho hello from the pulled image\n"
        layers = [layer_tar([("bin/hello", hello, 0o755)]),
                  layer_tar([("data/blob.bin", os.urandom(2 * 1024 * 1024), 0o644)])]
        config = json.dumps({"architecture": "amd64", "os": "linux",
                             "config": {"Cmd": ["/bin/hello"]},
                             "rootfs": {"type": "layers",
                                        "diff_ids": [digest(l) for l in layers]}}).encode()
        for blob in [config] + layers:
            registry.push_blob(blob)
        manifest = json.dumps({
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                       "digest": digest(config), "size": len(config)},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                        "digest": digest(l), "size": len(l)} for l in layers]}).encode()
        check(registry.push_manifest("1.0", manifest) == 201, "pushed the manifest as apps/hello:1.0")
        total = len(config) + sum(len(l) for l in layers)
        image = f"{REPO}:1.0"
        manifest_file = os.path.join("images", "manifests", REPO, "1.0.json")

        print("a pull writes the blobs, then the manifest", flush=True)
        state = os.path.join(root, "box-a")
        t0 = time.monotonic()
        rc, events = pull(edgeboxd, registry.url, image, state)
        pull_s = time.monotonic() - t0
        check(rc == 0 and event(events, "pull.done"), f"pulled {image} ({total} bytes, {pull_s:.3f} s)")
        check(event(events, "pull.done")["fetched"] == total, "fetched every blob byte once")
        for blob in [config] + layers:
            path = os.path.join(state, "images/blobs/sha256", digest(blob).split(":")[1])
            with open(path, "rb") as f:
                check(f.read() == blob, f"blob {digest(blob)[:19]}... holds the bytes pushed")
        with open(os.path.join(state, manifest_file), "rb") as f:
            check(f.read() == manifest, "the manifest is stored byte for byte")
        check(event(events, "pull.done")["manifest"] == digest(manifest), "manifest digest reported")
        with tarfile.open(os.path.join(state, "images/blobs/sha256", digest(layers[0]).split(":")[1])) as t:
            check(t.extractfile("bin/hello").read() == hello, "the layer holds the executable")

        rc, events = pull(edgeboxd, registry.url, image, state)
        check(rc == 0 and event(events, "pull.done")["fetched"] == 0 and
              event(events, "pull.done")["present"] == total, "a second pull fetches nothing")

        print("a cut transfer resumes with an HTTP Range", flush=True)
        proxy = CutProxy(registry.url)
        state = os.path.join(root, "box-b")
        big = digest(layers[1])
        proxy.cut_digest = big
        rc, events = pull(edgeboxd, proxy.url, image, state)
        check(rc == 1 and event(events, "pull.truncated"), "the cut is a pull.truncated failure")
        partial = os.path.join(state, "images/blobs/sha256", big.split(":")[1] + ".partial")
        check(os.path.getsize(partial) == CUT_BYTES, f"the {CUT_BYTES} bytes received are kept")
        check(not os.path.exists(os.path.join(state, manifest_file)), "no manifest: the image is not there")
        rc, events = pull(edgeboxd, proxy.url, image, state)
        blob_event = next(e for e in events if e["kind"] == "pull.blob" and e["digest"] == big)
        check(rc == 0 and blob_event["resumed_from"] == CUT_BYTES and
              blob_event["fetched"] == len(layers[1]) - CUT_BYTES,
              f"the retry resumed at byte {CUT_BYTES} and fetched only the rest")
        check(f"bytes={CUT_BYTES}-" in proxy.ranges, "the retry asked for Range: bytes=N-")
        check(not os.path.exists(partial), "no partial file left")

        print("a registry serving wrong bytes", flush=True)
        state = os.path.join(root, "box-c")
        stored = registry.blob_file(big)
        with open(stored, "r+b") as f:
            f.seek(1000)
            byte = f.read(1)
            f.seek(1000)
            f.write(bytes([byte[0] ^ 0xFF]))
        rc, events = pull(edgeboxd, registry.url, image, state)
        check(rc == 1 and event(events, "pull.wrong_digest"), "a blob hashing wrong is pull.wrong_digest")
        names = files_under(state)
        check(not any(big.split(":")[1] in n for n in names), "neither the blob nor its partial is kept")
        check(not os.path.exists(os.path.join(state, manifest_file)), "no manifest written")
        with open(stored, "r+b") as f:
            f.seek(1000)
            f.write(byte)
        rc, events = pull(edgeboxd, registry.url, image, state)
        check(rc == 0 and event(events, "pull.done"), "the retry after the repair completes")

        print("a registry missing a blob", flush=True)
        state = os.path.join(root, "box-e")
        stored = registry.blob_file(digest(layers[0]))
        os.rename(stored, stored + ".away")
        rc, events = pull(edgeboxd, registry.url, image, state)
        check(rc == 1 and event(events, "pull.http_status"), "an error answer is pull.http_status")
        check(not any(digest(layers[0]).split(":")[1] in n for n in files_under(state)),
              "its body is not kept as a partial blob")
        os.rename(stored + ".away", stored)

        print("bad manifests and a missing registry", flush=True)
        huge = json.loads(manifest)
        huge["annotations"] = {"padding": "x" * (70 * 1024)}
        check(registry.push_manifest("huge", json.dumps(huge).encode()) == 201, "pushed a 70 KiB manifest")
        state = os.path.join(root, "box-d")
        rc, events = pull(edgeboxd, registry.url, f"{REPO}:huge", state)
        check(rc == 1 and event(events, "pull.manifest_oversize"), "over 64 KiB: pull.manifest_oversize")
        check(files_under(state) == [] if os.path.isdir(state) else True, "nothing written")
        rc, events = pull(edgeboxd, registry.url, f"{REPO}:missing", state)
        check(rc == 1 and event(events, "pull.http_status"), "an unknown tag: pull.http_status")
        rc, events = pull(edgeboxd, f"http://127.0.0.1:{free_port()}", image, state)
        check(rc == 1 and event(events, "pull.unreachable"), "no registry: pull.unreachable")
        print("the site peer serves what it pulled: one WAN download per site", flush=True)
        peer_port = free_port()
        peer_log = open(os.path.join(root, "peer.log"), "w")
        peer = subprocess.Popen([edgeboxd, "serve-images", "--listen", f"127.0.0.1:{peer_port}",
                                 "--state-dir", os.path.join(root, "box-a")],
                                stdout=peer_log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        try:
            peer_url = f"http://127.0.0.1:{peer_port}"
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(peer_url + "/v2/", timeout=1)
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.05)
            registry.stop()  # from here on, nothing can come over the "WAN"
            proxy.stop()
            proxy = CutProxy(peer_url)
            proxy.cut_digest = big
            state = os.path.join(root, "box-peer")
            rc, events = pull(edgeboxd, proxy.url, image, state)
            check(rc == 1 and event(events, "pull.truncated"), "a cut from the peer is pull.truncated")
            t0 = time.monotonic()
            rc, events = pull(edgeboxd, proxy.url, image, state)
            peer_s = time.monotonic() - t0
            blob_event = next(e for e in events if e["kind"] == "pull.blob" and e["digest"] == big)
            check(rc == 0 and blob_event["resumed_from"] == CUT_BYTES,
                  f"the retry resumed from the peer at byte {CUT_BYTES} (206)")
            check(files_under(state) == files_under(os.path.join(root, "box-a")),
                  "the box pulled from its peer holds the same files")
            for name in files_under(state):
                with open(os.path.join(state, name), "rb") as f1, \
                        open(os.path.join(root, "box-a", name), "rb") as f2:
                    check(f1.read() == f2.read(), f"{name[-30:]}: the same bytes")
            rc, events = pull(edgeboxd, peer_url, f"{REPO}:huge", os.path.join(root, "box-peer2"))
            check(rc == 1 and event(events, "pull.http_status"), "an image the peer lacks: 404")
            code = None
            try:
                urllib.request.urlopen(peer_url + "/v2/apps/hello/blobs/sha256:" +
                                       big.split(":")[1] + ".partial", timeout=2)
            except urllib.error.HTTPError as e:
                code = e.code
            check(code == 400, "a partial blob is never served (400)")
            try:
                urllib.request.urlopen(peer_url + "/v2/../../etc/manifests/passwd", timeout=2)
            except urllib.error.HTTPError as e:
                code = e.code
            check(code == 400, "a path with .. is refused (400)")
        finally:
            peer.terminate()
            peer.wait()
            peer_log.close()
        print(f"oci pull: all checks passed (pull of {total} bytes in {pull_s:.3f} s; "
              f"from the peer after a cut {peer_s:.3f} s)")
        return 0
    finally:
        if proxy:
            proxy.stop()
        registry.stop()


def main():
    if len(sys.argv) != 2:
        print("usage: oci_pull_test.py EDGEBOXD", file=sys.stderr)
        return 2
    if shutil.which("docker-registry") is None:
        print("SKIP: docker-registry is not installed (apt-get install docker-registry)")
        return SKIP
    remove_leftovers()
    # CTest stops a test with SIGTERM on timeout: tear down on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    root = tempfile.mkdtemp(prefix=f"et-oci-{os.getpid()}-")
    try:
        return run(sys.argv[1], root)
    except Failed as e:
        print(f"FAILED: {e}", flush=True)
        return 1
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
