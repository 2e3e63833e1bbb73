"""P2P benchmark (not a test): handshake time and gossipsub throughput, printed as JSON.

    python3 Benchmarks/p2p/bench_p2p.py [--count 5000] [--dials 30]

Swift-to-Swift: fresh hosts dial a `sprout-p2p-peer` (TCP + multistream-select + Noise XX +
Yamux, until the connection is usable), and one peer publishes `--count` signed messages to a
subscriber over one connection; the subscriber reports the span from first to last message.
Swift-to-py-libp2p: fresh Swift hosts dial the py-libp2p peer, and the py peer dials a Swift
peer once. py-libp2p rate-limits each
topic (10 msg/s by default), so throughput is measured between Swift peers only.
"""
import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "E2E"))
from test_p2p_interop import PY_PEER, PYTHON, SWIFT_PEER, Peer, in_mesh, wait_until  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--dials", type=int, default=30)
    args = ap.parse_args()
    topic = "w3bstream-project-bench"
    out = {"machine": {"cpus": os.cpu_count(), "load1": os.getloadavg()[0]}}
    a = Peer([str(SWIFT_PEER)], "swift-a")
    b = Peer([str(SWIFT_PEER)], "swift-b")
    py = Peer([PYTHON, str(PY_PEER)], "py")
    try:
        out["dial_swift_to_swift"] = a.call("bench_dialed", timeout=120, cmd="bench_dial", addr=b.dial_addr, count=args.dials)
        out["dial_swift_to_py"] = a.call("bench_dialed", timeout=120, cmd="bench_dial", addr=py.dial_addr, count=args.dials)
        # One sample the other way: py-libp2p dials a Swift peer (timed by the py peer).
        out["dial_py_to_swift_ms"] = round(py.call("dialed", cmd="dial", addr=b.dial_addr)["ms"], 2)
        b.call("subscribed", cmd="bench_receive", topic=topic, count=args.count, timeout_s=120)
        # The publisher joins the mesh through a counting subscription (no JSON per message).
        a.call("subscribed", cmd="bench_receive", topic=topic, count=args.count, timeout_s=120)
        a.call("dialed", cmd="dial", addr=b.dial_addr)
        assert wait_until(lambda: in_mesh(a, topic, b.peer)), "mesh not formed"
        sent = a.call("bench_published", timeout=120, cmd="bench_publish", topic=topic, count=args.count)
        got = b.expect("bench_received", timeout=150)
        out["gossipsub_swift_to_swift"] = {
            "messages": got["count"], "publish_us": sent["us"], "receive_span_us": got["us"],
            "messages_per_s": round(got["count"] / max(got["us"], 1) * 1e6),
        }
    finally:
        for p in (a, b, py):
            p.close()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
