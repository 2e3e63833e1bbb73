"""A py-libp2p peer for the P2P interop tests, driven by JSON lines on stdin.

It prints one JSON object per line on stdout: first {"event": "listening", "addr": ...,
"peer": ...}, then one answer per command. Commands:

  {"cmd": "dial", "addr": "/ip4/.../tcp/.../p2p/..."}
  {"cmd": "ping", "peer": "<id>"}                 -> {"event": "ping", "rtt_us": N}
  {"cmd": "identify", "peer": "<id>"}             -> {"event": "identify", ...}
  {"cmd": "subscribe", "topic": "t"}              -> later {"event": "message", ...} per message
  {"cmd": "publish", "topic": "t", "data": "..."}
  {"cmd": "publish_raw", "peer": "<id>", "topic": "t", "messages": [{"data": "...", "tamper": bool}]}
        writes hand-built signed messages on a fresh meshsub stream (tamper flips the data
        after signing), to check that the other side drops bad signatures
  {"cmd": "publish_state", "topic": "t", "task": {...}, "state": "proved", "result_hex": "..",
   "time": "...", "tamper": bool}
        signs a taskStateLog for a task received as {"task": {...}} with this peer's Ed25519 key,
        over the canonical encoding of Host/P2P/CanonicalEncoder.swift (re-implemented here
        from its description, so the two are checked against each other)
  {"cmd": "mesh", "topic": "t"}                   -> {"event": "mesh", "peers": [...]}
  {"cmd": "quit"}

Test oracle only: never part of the product. Needs `pip install libp2p==0.8.1`.
"""

import hashlib
import json
import os
import sys
import time

import multiaddr
import trio

from libp2p import new_host
from libp2p.crypto.ed25519 import create_new_key_pair
from libp2p.custom_types import TProtocol
from libp2p.host.ping import ID as PING_ID
from libp2p.identity.identify.identify import ID as IDENTIFY_ID
from libp2p.identity.identify.identify import parse_identify_response
from libp2p.peer.id import ID
from libp2p.network.stream.exceptions import StreamEOF
from libp2p.peer.peerinfo import info_from_p2p_addr
from libp2p.pubsub.gossipsub import PROTOCOL_ID_V11, GossipSub
from libp2p.pubsub.pb import rpc_pb2
from libp2p.pubsub.pubsub import Pubsub
from libp2p.security.noise.transport import PROTOCOL_ID as NOISE_ID
from libp2p.security.noise.transport import Transport as NoiseTransport
from libp2p.crypto.x25519 import create_new_key_pair as create_x25519
from libp2p.tools.anyio_service import background_trio_service
from libp2p.utils.varint import encode_varint_prefixed


def uvarint(n):
    out = b""
    while n >= 0x80:
        out += bytes([(n & 0x7F) | 0x80])
        n >>= 7
    return out + bytes([n])


def field(b):
    return uvarint(len(b)) + b


def u64(n):
    return n.to_bytes(8, "big")


def state_signed_bytes(s):
    """sprout/task-state/v1: taskID, projectID, inputsDigest, state, resultDigest, comment, time, prover."""
    return (field(b"sprout/task-state/v1") + u64(s["taskID"]) + u64(s["projectID"])
            + field(bytes.fromhex(s["inputsDigest"])) + field(s["state"].encode())
            + field(bytes.fromhex(s["resultDigest"])) + field(s["comment"].encode())
            + field(s["time"].encode()) + field(ID.from_base58(s["prover"]).to_bytes()))


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def read_all(stream, limit=1 << 16):
    out = b""
    while len(out) <= limit:
        try:
            chunk = await stream.read()
        except StreamEOF:
            break
        if not chunk:
            break
        out += chunk
    return out


async def main():
    port = int(os.environ.get("PEER_PORT", "0"))
    key_pair = create_new_key_pair()
    # Noise only, so the Swift side is tested on the handshake it implements.
    sec = {TProtocol(NOISE_ID): NoiseTransport(key_pair, noise_privkey=create_x25519().private_key)}
    host = new_host(key_pair=key_pair, sec_opt=sec, muxer_preference="YAMUX")
    gossipsub = GossipSub(
        protocols=[PROTOCOL_ID_V11], degree=6, degree_low=4, degree_high=12,
        heartbeat_initial_delay=0.1, heartbeat_interval=1,
    )
    pubsub = Pubsub(host, gossipsub, strict_signing=True)
    listen = multiaddr.Multiaddr(f"/ip4/127.0.0.1/tcp/{port}")
    async with host.run(listen_addrs=[listen]), trio.open_nursery() as nursery:
        async with background_trio_service(pubsub), background_trio_service(gossipsub):
            await pubsub.wait_until_ready()
            addr = [a for a in host.get_addrs() if "/tcp/" in str(a)][0]
            emit({"event": "listening", "addr": str(addr).split("/p2p/")[0], "peer": host.get_id().to_base58()})

            async def forward(topic, sub):
                while True:
                    msg = await sub.get()
                    event = {"event": "message", "topic": topic, "from": ID(msg.from_id).to_base58(),
                             "data": msg.data.decode("utf-8", "replace"), "seqno": msg.seqno.hex()}
                    try:
                        event["json"] = json.loads(msg.data)
                    except ValueError:
                        pass
                    emit(event)

            stdin = trio.wrap_file(sys.stdin)
            async for line in stdin:
                if not line.strip():
                    continue
                c = json.loads(line)
                try:
                    cmd = c["cmd"]
                    if cmd == "quit":
                        emit({"event": "bye"})
                        nursery.cancel_scope.cancel()
                        return
                    if cmd == "dial":
                        t0 = time.perf_counter()
                        info = info_from_p2p_addr(multiaddr.Multiaddr(c["addr"]))
                        with trio.fail_after(10):
                            await host.connect(info)
                        emit({"event": "dialed", "peer": info.peer_id.to_base58(),
                              "ms": (time.perf_counter() - t0) * 1000})
                    elif cmd == "ping":
                        with trio.fail_after(10):
                            stream = await host.new_stream(ID.from_base58(c["peer"]), [PING_ID])
                            payload = os.urandom(32)
                            t0 = time.perf_counter()
                            await stream.write(payload)
                            echo = b""
                            while len(echo) < 32:
                                chunk = await stream.read(32 - len(echo))
                                if not chunk:
                                    break
                                echo += chunk
                            rtt = time.perf_counter() - t0
                            await stream.close()
                        emit({"event": "ping", "ok": echo == payload, "rtt_us": int(rtt * 1e6)})
                    elif cmd == "identify":
                        with trio.fail_after(10):
                            stream = await host.new_stream(ID.from_base58(c["peer"]), [IDENTIFY_ID])
                            data = await read_all(stream)
                            await stream.close()
                        info = parse_identify_response(data)
                        emit({"event": "identify", "agent": info.agent_version,
                              "protocols": list(info.protocols),
                              "key_peer": ID.from_pubkey(
                                  __import__("libp2p.crypto.serialization", fromlist=["x"]).deserialize_public_key(
                                      info.public_key)).to_base58(),
                              "listen_addrs": [str(multiaddr.Multiaddr(a)) for a in info.listen_addrs]})
                    elif cmd == "subscribe":
                        sub = await pubsub.subscribe(c["topic"])
                        nursery.start_soon(forward, c["topic"], sub)
                        emit({"event": "subscribed", "topic": c["topic"]})
                    elif cmd == "publish":
                        await pubsub.publish(c["topic"], c["data"].encode())
                        emit({"event": "published"})
                    elif cmd == "publish_raw":
                        with trio.fail_after(10):
                            stream = await host.new_stream(ID.from_base58(c["peer"]), [PROTOCOL_ID_V11])
                            for i, m in enumerate(c["messages"]):
                                msg = rpc_pb2.Message(
                                    data=m["data"].encode(), topicIDs=[c["topic"]],
                                    from_id=host.get_id().to_bytes(),
                                    seqno=(1_000_000 + i).to_bytes(8, "big"))
                                sig = key_pair.private_key.sign(b"libp2p-pubsub:" + msg.SerializeToString())
                                msg.key = key_pair.public_key.serialize()
                                msg.signature = sig
                                if m.get("tamper"):
                                    msg.data = (m["data"] + "!").encode()
                                rpc = rpc_pb2.RPC(publish=[msg])
                                await stream.write(encode_varint_prefixed(rpc.SerializeToString()))
                        emit({"event": "published_raw", "count": len(c["messages"])})
                    elif cmd == "publish_state":
                        task = c["task"]
                        result = bytes.fromhex(c["result_hex"])
                        st = {"taskID": task["taskID"], "projectID": task["projectID"],
                              "inputsDigest": task["inputsDigest"], "state": c["state"],
                              "result": result.hex(), "resultDigest": hashlib.sha256(result).hexdigest(),
                              "comment": "", "time": c["time"], "prover": host.get_id().to_base58()}
                        st["signature"] = key_pair.private_key.sign(state_signed_bytes(st)).hex()
                        if c.get("tamper"):
                            st["state"] = "outputted"
                        await pubsub.publish(c["topic"], json.dumps({"taskStateLog": st}).encode())
                        emit({"event": "published"})
                    elif cmd == "mesh":
                        peers = gossipsub.mesh.get(c["topic"], set())
                        emit({"event": "mesh", "peers": sorted(p.to_base58() for p in peers)})
                    else:
                        emit({"event": "error", "error": f"unknown command {cmd}"})
                except Exception as e:  # reported to the test, which decides
                    emit({"event": "error", "cmd": c.get("cmd"), "error": repr(e)})


if __name__ == "__main__":
    trio.run(main)
