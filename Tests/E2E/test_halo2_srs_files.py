"""`sprout halo2 verifier --params` reads the SRS from a Powers of Tau `.ptau` file or a PSE
`ParamsKZG` file. Both files are written here by Python (py_ecc), independently of the Swift
code: the `.ptau` layout follows iden3/snarkjs (`src/binfileutils.js`, `src/powersoftau_new.js`,
`src/powersoftau_utils.js` writePTauHeader; points as Montgomery little-endian coordinates),
the ParamsKZG layout PSE halo2's `ParamsKZG::write` (raw points, here without g_lagrange)."""
import re
import struct
import subprocess

from py_ecc import optimized_bn128 as bn

from conftest import BIN

Q = bn.field_modulus
TAU = 0x5EED_7A0


def montgomery(x: int) -> bytes:
    return (int(x) * 2**256 % Q).to_bytes(32, "little")


def g1(p) -> bytes:
    x, y = bn.normalize(p)
    return montgomery(x.n) + montgomery(y.n)


def g2(p) -> bytes:
    x, y = bn.normalize(p)
    return b"".join(montgomery(c) for c in (*x.coeffs, *y.coeffs))


def powers(base, tau: int, count: int):
    out, p = [], base
    for _ in range(count):
        out.append(p)
        p = bn.multiply(p, tau)
    return out


def ptau_file(power: int, tau: int = TAU) -> bytes:
    alpha, beta = 7, 11
    tau_g1 = powers(bn.G1, tau, 2 * 2**power - 1)
    sections = [
        (1, struct.pack("<I", 32) + Q.to_bytes(32, "little") + struct.pack("<II", power, power)),
        (2, b"".join(map(g1, tau_g1))),
        (3, b"".join(map(g2, powers(bn.G2, tau, 2**power)))),
        (4, b"".join(g1(bn.multiply(p, alpha)) for p in tau_g1[: 2**power])),
        (5, b"".join(g1(bn.multiply(p, beta)) for p in tau_g1[: 2**power])),
        (6, g2(bn.multiply(bn.G2, beta))),
        (7, struct.pack("<I", 0)),
    ]
    out = b"ptau" + struct.pack("<II", 1, len(sections))
    for ident, body in sections:
        out += struct.pack("<IQ", ident, len(body)) + body
    return out


def params_kzg_file(k: int, tau: int = TAU) -> bytes:
    return struct.pack("<I", k) + b"".join(map(g1, powers(bn.G1, tau, 2**k))) + g2(bn.G2) + g2(bn.multiply(bn.G2, tau))


def verifier(*args):
    run = subprocess.run([str(BIN / "sprout"), "halo2", "verifier", "--circuit", "simple", *args],
                         capture_output=True, text=True, timeout=600)
    identity = re.search(r"Program identity \(keccak256 of the verifying key\): ([0-9a-f]{64})", run.stdout)
    return run, identity.group(1) if identity else None


def test_ptau_and_params_kzg_of_one_tau_give_one_verifier(tmp_path):
    ptau, pse = tmp_path / "pot5.ptau", tmp_path / "params_k4.bin"
    ptau.write_bytes(ptau_file(power=5))
    pse.write_bytes(params_kzg_file(k=4))
    from_ptau, ptau_identity = verifier("--params", str(ptau))
    from_pse, pse_identity = verifier("--params", str(pse))
    _, development_identity = verifier()
    assert from_ptau.returncode == 0, from_ptau.stderr
    assert from_pse.returncode == 0, from_pse.stderr
    assert ptau_identity == pse_identity != development_identity
    assert "with the given SRS file" in from_ptau.stdout


def test_bad_ptau_files_are_refused(tmp_path):
    good = ptau_file(power=2)
    other_curve = bytearray(good)
    other_curve[28] ^= 1  # the header's q
    cases = {
        "truncated": (good[:-5], "truncated"),
        "other curve": (bytes(other_curve), "not BN254"),
        "too few powers for k = 4": (good, "notEnoughPowers"),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / "bad.ptau"
        path.write_bytes(data)
        run, identity = verifier("--params", str(path))
        assert run.returncode != 0 and identity is None, name
        assert message in run.stderr, (name, run.stderr)
