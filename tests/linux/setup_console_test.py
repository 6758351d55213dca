#!/usr/bin/env python3
"""`edgeboxd setup` with piped answers: the first-boot dialogue runs to the bind code, the
answers and the password change are recorded, the code goes to the activation client (no cloud
answers here, so it keeps trying until stopped), and input that ends early exits 3. The first
boot does not keep the factory password, refuses one over 256 bytes, and a damaged owner record
stops setup (exit 4) instead of falling back to the factory password.

  setup_console_test.py EDGEBOXD"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

ANSWERS = ["owner", "changepassword", "Y", "newpassword1", "newpassword1", "newpassword1",
           "y", "192.168.1.11/24", "192.168.1.1", "8.8.8.8", "y", "box-0001", "ABCD1234"]


def key_file(work, name):
    """A key file as edgeboxd wants it: 64 hex digits, mode 0600, owned by its user."""
    path = f"{work}/{name}.key"
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(os.urandom(32).hex() + "\n")
    return path


def config(work, port):
    return {"format": "edgeboxd.config/v1", "name": "box-1", "site": "s001",
            "listen": f"127.0.0.1:{port}", "state_dir": f"{work}/state",
            "events": f"{work}/events.jsonl", "cloud": {"address": f"127.0.0.1:{port + 1}"},
            # Out of the factory: the enrolment key only (the cloud-link key comes at activation).
            "wire_keys": {"site": key_file(work, "site"), "enrolment": key_file(work, "enrolment")}}


def events(work):
    try:
        with open(f"{work}/events.jsonl") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def run_setup(edgeboxd, work, answers, port):
    path = f"{work}/config.json"
    with open(path, "w") as f:
        json.dump(config(work, port), f)
    return subprocess.Popen([edgeboxd, "setup", "--config", path], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True), answers


def main():
    edgeboxd = sys.argv[1]
    failures = []

    def check(cond, what):
        print(("  ok: " if cond else "FAILED: ") + what, flush=True)
        if not cond:
            failures.append(what)

    port = 47000 + os.getpid() % 1000 * 2
    cloud = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # hears the request, answers nothing
    cloud.bind(("127.0.0.1", port + 1))
    cloud.settimeout(10)
    with tempfile.TemporaryDirectory(prefix="et-setup-") as work:
        proc, answers = run_setup(edgeboxd, work, ANSWERS, port)
        proc.stdin.write("\n".join(answers) + "\n")
        proc.stdin.close()  # the end of the input must not stop a submitted activation
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(
                e["kind"] == "activation.phase" and e.get("to") == "pending" for e in events(work)):
            time.sleep(0.05)
        check(proc.poll() is None, "setup keeps running while the activation is pending")
        # The activation request (type 40) reaches the cloud, sealed under the enrolment key,
        # with the session's 32-byte enrolment public key at the end of its payload.
        try:
            request, _ = cloud.recvfrom(2048)
        except socket.timeout:
            request = b""
        length = int.from_bytes(request[6:8], "big") if len(request) >= 20 else -1
        check(len(request) > 20 and request[5] == 40 and len(request) == 20 + length + 32,
              f"the activation request went out sealed ({len(request)} bytes)")
        check(length >= 32 and request[20 + length - 32:20 + length] != bytes(32),
              "it carries an enrolment public key")
        proc.send_signal(signal.SIGTERM)
        out = proc.stdout.read()
        proc.wait(timeout=10)
        check(proc.returncode == 130, f"SIGTERM ends it with 130 (got {proc.returncode})")
        check("Welcome to Edgebox Initial Setup" in out, "the welcome banner was printed")
        check("Please input user bind code:" in out, "the dialogue reached the bind code")
        check("newpassword1" not in out, "no password appears on the console")
        kinds = [e["kind"] for e in events(work)]
        check("account.password_changed" in kinds, "the owner's password was changed")
        answers_event = next((e for e in events(work) if e["kind"] == "setup.answers"), {})
        check(answers_event.get("device_name") == "box-0001" and
              answers_event.get("address") == "192.168.1.11", "the answers were recorded")
        check(os.path.exists(f"{work}/state/k.activation%2Fprogress"),
              "the activation progress is on disk (resumed after a reboot)")

    with tempfile.TemporaryDirectory(prefix="et-setup-") as work:
        proc, answers = run_setup(edgeboxd, work, ANSWERS[:5], port)
        out, _ = proc.communicate("\n".join(answers) + "\n", timeout=20)
        check(proc.returncode == 3, f"input that ends before the bind code exits 3 (got {proc.returncode})")

    # First boot: the factory password cannot be kept ("n" is explained and a new one asked
    # for), and one over 256 bytes is refused with a message, never stored.
    with tempfile.TemporaryDirectory(prefix="et-setup-") as work:
        typed = ["owner", "changepassword", "n", "x" * 300, "newpassword1", "newpassword1"]
        proc, answers = run_setup(edgeboxd, work, typed, port)
        out, _ = proc.communicate("\n".join(answers) + "\n", timeout=20)
        check("You are required to change your password immediately (first boot)." in out,
              "first boot: 'n' does not keep the factory password")
        check("BAD PASSWORD: The password is longer than 256 bytes" in out,
              "an over-long password is refused with a message")
        check("Merging home partition to root..." in out, "the dialogue goes on after the change")
        kinds = [e["kind"] for e in events(work)]
        check("account.password_changed" in kinds, "the new password was stored")

    # A damaged owner record (torn bytes, or a file that cannot be read) is an error, never
    # the factory password: setup refuses to start.
    for damage in ("torn", "unreadable"):
        with tempfile.TemporaryDirectory(prefix="et-setup-") as work:
            os.makedirs(f"{work}/state")
            record = f"{work}/state/k.accounts%2Fowner"
            if damage == "torn":
                with open(record, "wb") as f:
                    f.write(b"\x00\x40")
            else:
                os.makedirs(record)  # open() succeeds, read() fails (EISDIR), even as root
            path = f"{work}/config.json"
            with open(path, "w") as f:
                json.dump(config(work, port), f)
            proc = subprocess.run([edgeboxd, "setup", "--config", path], input="owner\nchangepassword\n",
                                  capture_output=True, text=True, timeout=20)
            check(proc.returncode == 4, f"{damage} owner record: setup exits 4 (got {proc.returncode})")
            check("owner account record" in proc.stderr and "damaged" in proc.stderr,
                  f"{damage} owner record: the error says so")
            check("Welcome to Edgebox Initial Setup" not in proc.stdout,
                  f"{damage} owner record: the factory password logs nobody in")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
