"""A stand-in for a single-member etcd on a machine that has none (the GPU machine of the device
check cannot install packages): the part of etcd's v3 JSON gateway that Switchyard's ProcessGroup
uses (kv put/range/deleterange of one key, lease grant/keepalive/revoke, /health), with leases that expire and take
their keys along. Real etcd is used whenever an `etcd` binary is on PATH."""

import argparse
import base64
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
store = {}    # key bytes -> (value bytes, lease id, mod revision)
revision = [1]
leases = {}   # lease id -> (ttl seconds, deadline)
next_lease = [7000]


def expire():
    now = time.monotonic()
    dead = [i for i, (_, deadline) in leases.items() if deadline < now]
    for i in dead:
        del leases[i]
    for k in [k for k, (_, lease, _) in store.items() if lease in dead]:
        del store[k]


def b64(b):
    return base64.b64encode(b).decode()


class Handler(BaseHTTPRequestHandler):
    # keep-alive, as etcd's gateway: the JDK client reuses connections
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health":
            self.answer(200, {"health": "true"})
        else:
            self.answer(404, {"error": "not found", "message": "not found", "code": 5})

    def do_POST(self):
        try:
            self.handle_post()
        except Exception as e:  # noqa: BLE001 - an answer, never a dropped connection
            self.answer(500, {"error": str(e), "message": f"{type(e).__name__}: {e}", "code": 13})

    def handle_post(self):
        length = int(self.headers.get("Content-Length", "0"))
        req = json.loads(self.rfile.read(length) or b"{}")
        with lock:
            expire()
            if self.path == "/v3/kv/put":
                lease = int(req.get("lease", 0))
                if lease and lease not in leases:
                    return self.answer(400, {"error": "etcdserver: requested lease not found",
                                             "message": "etcdserver: requested lease not found", "code": 5})
                revision[0] += 1
                store[base64.b64decode(req["key"])] = (base64.b64decode(req.get("value", "")), lease, revision[0])
                return self.answer(200, {"header": {"revision": str(revision[0])}})
            if self.path == "/v3/kv/range":
                key = base64.b64decode(req["key"])
                end = base64.b64decode(req["range_end"]) if "range_end" in req else None
                keys = sorted(k for k in store if (k == key if end is None else key <= k < end))
                kvs = [{"key": b64(k), "value": b64(store[k][0]), "mod_revision": str(store[k][2])} for k in keys]
                return self.answer(200, {"header": {}, "kvs": kvs, "count": str(len(kvs))} if kvs else {"header": {}})
            if self.path == "/v3/kv/deleterange":
                store.pop(base64.b64decode(req["key"]), None)
                return self.answer(200, {"header": {}})
            if self.path == "/v3/lease/grant":
                ttl = int(req.get("TTL", 1))
                next_lease[0] += 1
                leases[next_lease[0]] = (ttl, time.monotonic() + ttl)
                return self.answer(200, {"header": {}, "ID": str(next_lease[0]), "TTL": str(ttl)})
            if self.path == "/v3/lease/keepalive":
                lease = int(req.get("ID", 0))
                if lease not in leases:
                    return self.answer(200, {"result": {"header": {}, "ID": str(lease)}})
                ttl = leases[lease][0]
                leases[lease] = (ttl, time.monotonic() + ttl)
                return self.answer(200, {"result": {"header": {}, "ID": str(lease), "TTL": str(ttl)}})
            if self.path == "/v3/lease/revoke":
                lease = int(req.get("ID", 0))
                leases.pop(lease, None)
                for k in [k for k, (_, l, _) in store.items() if l == lease]:
                    del store[k]
                return self.answer(200, {"header": {}})
        self.answer(404, {"error": "unknown path", "message": "unknown path " + self.path, "code": 12})


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--port", type=int, default=0, help="0: any free port")
    p.add_argument("--port-file", help="where to write the port once listening")
    a = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    if a.port_file:
        tmp = a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(server.server_address[1]))
        os.replace(tmp, a.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
