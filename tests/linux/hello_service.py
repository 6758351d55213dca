#!/usr/bin/env python3
"""The "container" of the namespace tests: a tiny TCP service that answers every connection
with the name of the box it runs on (EDGEBOX_NAME, set by edgeboxd), so that a client on the
VIP can tell which box served it."""
import os
import socket
import sys


def main() -> int:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    name = os.environ.get("EDGEBOX_NAME", "unknown")
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", port))
    server.listen(16)
    while True:
        conn, _ = server.accept()
        try:
            conn.sendall(f"hello from {name}\n".encode())
        except OSError:
            pass
        finally:
            conn.close()


if __name__ == "__main__":
    sys.exit(main())
