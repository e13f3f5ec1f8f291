"""The Merkle module against the published RFC 6962 test vectors (the eight leaves used by Certificate
Transparency's C++ and Go implementations and transparency-dev/merkle), plus properties over random trees.

Runs without a database: `merkle` must stay importable without Django.
"""

import hashlib
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapak.core.audit import merkle

LEAVES = [
    bytes.fromhex(h)
    for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f")
]
LEAF_HASHES = [merkle.leaf_hash(d) for d in LEAVES]

# ROOTS[n] is MTH of the first n leaves.
ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}

# (0-based leaf index, tree size) -> audit path.
INCLUSION_PATHS = {
    (0, 1): [],
    (0, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (5, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 3): ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    (1, 5): [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}

# (first size, second size) -> consistency proof.
CONSISTENCY_PROOFS = {
    (1, 1): [],
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
    (6, 7): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
}

SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def h(hexes):
    return [bytes.fromhex(x) for x in hexes]


def flip(data: bytes, position: int = 0, bit: int = 3) -> bytes:
    return data[:position] + bytes([data[position] ^ (1 << bit)]) + data[position + 1 :]


def test_hash_primitives():
    assert merkle.EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert merkle.root([]) == merkle.EMPTY_ROOT
    assert merkle.leaf_hash(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    assert merkle.leaf_hash(b"L123456").hex() == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    assert merkle.node_hash(b"N123", b"N456").hex() == (
        "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )


@pytest.mark.parametrize("size", sorted(ROOTS))
def test_roots_for_every_size(size):
    assert merkle.root(LEAF_HASHES[:size]).hex() == ROOTS[size]
    compact = merkle.CompactRange()
    for leaf in LEAF_HASHES[:size]:
        compact.append(leaf)
    assert compact.root().hex() == ROOTS[size]
    assert len(compact.hashes) == size.bit_count()


@pytest.mark.parametrize(("index", "size"), sorted(INCLUSION_PATHS))
def test_published_inclusion_paths(index, size):
    proof = merkle.inclusion_proof(index, LEAF_HASHES[:size])
    assert [p.hex() for p in proof] == INCLUSION_PATHS[(index, size)]


@pytest.mark.parametrize(("first", "second"), sorted(CONSISTENCY_PROOFS))
def test_published_consistency_proofs(first, second):
    proof = merkle.consistency_proof(first, LEAF_HASHES[:second])
    assert [p.hex() for p in proof] == CONSISTENCY_PROOFS[(first, second)]


@pytest.mark.parametrize("size", sorted(ROOTS))
def test_every_inclusion_proof_verifies_against_published_roots(size):
    root = bytes.fromhex(ROOTS[size])
    for index in range(size):
        proof = merkle.inclusion_proof(index, LEAF_HASHES[:size])
        assert merkle.verify_inclusion(index, size, LEAF_HASHES[index], proof, root)


@pytest.mark.parametrize("second", sorted(ROOTS))
def test_every_consistency_proof_verifies_against_published_roots(second):
    for first in range(0, second + 1):
        proof = merkle.consistency_proof(first, LEAF_HASHES[:second])
        first_root = bytes.fromhex(ROOTS[first]) if first else merkle.EMPTY_ROOT
        assert merkle.verify_consistency(first, second, first_root, bytes.fromhex(ROOTS[second]), proof)


def corrupted_inclusion(index, size, leaf, proof, root):
    """Every way of getting an inclusion proof slightly wrong, each of which must be rejected."""
    yield "index - 1", (index - 1, size, leaf, proof, root)
    yield "index + 1", (index + 1, size, leaf, proof, root)
    yield "index ^ 2", (index ^ 2, size, leaf, proof, root)
    yield "size * 2", (index, size * 2, leaf, proof, root)
    yield "size // 2", (index, size // 2, leaf, proof, root)
    yield "wrong leaf", (index, size, merkle.leaf_hash(b"WrongLeaf"), proof, root)
    yield "empty-tree root", (index, size, leaf, proof, merkle.EMPTY_ROOT)
    yield "other root", (index, size, leaf, proof, SOME_HASH)
    yield "trailing empty", (index, size, leaf, [*proof, b""], root)
    yield "trailing root", (index, size, leaf, [*proof, root], root)
    yield "leading empty", (index, size, leaf, [b"", *proof], root)
    yield "leading root", (index, size, leaf, [root, *proof], root)
    for i in range(len(proof)):
        yield f"bit flipped in proof[{i}]", (index, size, leaf, [*proof[:i], flip(proof[i]), *proof[i + 1 :]], root)
    if proof:
        yield "last element removed", (index, size, leaf, proof[:-1], root)
    if len(proof) > 1:
        yield "element inserted", (index, size, leaf, [proof[0], SOME_HASH, *proof[1:]], root)


@pytest.mark.parametrize(("index", "size"), sorted(INCLUSION_PATHS))
def test_altered_inclusion_proofs_are_rejected(index, size):
    root, proof, leaf = bytes.fromhex(ROOTS[size]), h(INCLUSION_PATHS[(index, size)]), LEAF_HASHES[index]
    assert merkle.verify_inclusion(index, size, leaf, proof, root)
    probes = corrupted_inclusion(index, size, leaf, proof, root)
    accepted = [name for name, args in probes if merkle.verify_inclusion(*args)]
    assert accepted == []


def corrupted_consistency(first, second, first_root, second_root, proof):
    yield "first - 1", (first - 1, second, first_root, second_root, proof)
    yield "first + 1", (first + 1, second, first_root, second_root, proof)
    yield "first ^ 2", (first ^ 2, second, first_root, second_root, proof)
    yield "second * 2", (first, second * 2, first_root, second_root, proof)
    yield "second // 2", (first, second // 2, first_root, second_root, proof)
    yield "wrong first root", (first, second, SOME_HASH, second_root, proof)
    yield "wrong second root", (first, second, first_root, SOME_HASH, proof)
    yield "swapped roots", (first, second, second_root, first_root, proof)
    yield "empty proof", (first, second, first_root, second_root, [])
    yield "trailing empty", (first, second, first_root, second_root, [*proof, b""])
    yield "trailing first root", (first, second, first_root, second_root, [*proof, first_root])
    yield "trailing second root", (first, second, first_root, second_root, [*proof, second_root])
    yield "leading empty", (first, second, first_root, second_root, [b"", *proof])
    yield "leading first root", (first, second, first_root, second_root, [first_root, *proof])
    yield "leading second root", (first, second, first_root, second_root, [second_root, *proof])
    yield "leading proof[0]", (first, second, first_root, second_root, [proof[0], *proof])
    yield "truncated", (first, second, first_root, second_root, proof[:-1])
    for i in range(len(proof)):
        altered = [*proof[:i], flip(proof[i], bit=4), *proof[i + 1 :]]
        yield f"bit flipped in proof[{i}]", (first, second, first_root, second_root, altered)


@pytest.mark.parametrize(("first", "second"), [k for k, v in sorted(CONSISTENCY_PROOFS.items()) if v])
def test_altered_consistency_proofs_are_rejected(first, second):
    first_root, second_root = bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second])
    proof = h(CONSISTENCY_PROOFS[(first, second)])
    assert merkle.verify_consistency(first, second, first_root, second_root, proof)
    probes = corrupted_consistency(first, second, first_root, second_root, proof)
    accepted = [name for name, args in probes if merkle.verify_consistency(*args)]
    assert accepted == []


def test_consistency_edge_cases():
    r1, r2 = LEAF_HASHES[0], LEAF_HASHES[1]
    assert merkle.verify_consistency(0, 0, r1, r1, [])
    assert merkle.verify_consistency(0, 5, r1, r2, [])  # the empty tree is a prefix of every tree
    assert merkle.verify_consistency(3, 3, r2, r2, [])
    assert not merkle.verify_consistency(3, 3, r1, r2, [])  # same size, different roots
    assert not merkle.verify_consistency(3, 3, r1, r1, [merkle.EMPTY_ROOT])  # same size, proof not empty
    assert not merkle.verify_consistency(0, 1, r1, r2, [merkle.EMPTY_ROOT])
    assert not merkle.verify_consistency(2, 1, r1, r2, [])  # shrinking tree
    assert not merkle.verify_consistency(1, 2, r1, r2, [])  # growth needs a proof


def test_inclusion_edge_cases():
    leaf = merkle.leaf_hash(b"data")
    assert merkle.verify_inclusion(0, 1, leaf, [], leaf)
    assert not merkle.verify_inclusion(0, 1, leaf, [], b"")
    assert not merkle.verify_inclusion(0, 1, b"", [], leaf)
    for index, size in [(0, 0), (1, 0), (2, 1), (-1, 1)]:
        assert not merkle.verify_inclusion(index, size, SOME_HASH, [], merkle.EMPTY_ROOT)
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(8, LEAF_HASHES)
    with pytest.raises(merkle.ProofError):
        merkle.consistency_proof(9, LEAF_HASHES)


def test_compact_range_rejects_a_malformed_state():
    with pytest.raises(ValueError):
        merkle.CompactRange(3, [SOME_HASH])  # size 3 needs two subtree roots
    with pytest.raises(ValueError):
        merkle.CompactRange(1, [b"short"])


@settings(max_examples=60, deadline=None)
@given(size=st.integers(min_value=1, max_value=300), data=st.data())
def test_random_trees_all_proofs_verify(size, data):
    leaves = [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(size)]
    root = merkle.root(leaves)
    compact = merkle.CompactRange()
    for leaf in leaves:
        compact.append(leaf)
    assert compact.root() == root
    for index in data.draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=20)):
        proof = merkle.inclusion_proof(index, leaves)
        assert merkle.verify_inclusion(index, size, leaves[index], proof, root)
        assert not merkle.verify_inclusion(index, size, merkle.leaf_hash(b"other"), proof, root)
    for first in data.draw(st.lists(st.integers(0, size), min_size=1, max_size=20)):
        proof = merkle.consistency_proof(first, leaves)
        first_root = merkle.root(leaves[:first])
        assert merkle.verify_consistency(first, size, first_root, root, proof)
        if 0 < first < size:
            assert not merkle.verify_consistency(first, size, first_root, SOME_HASH, proof)
            assert not merkle.verify_consistency(first, size, SOME_HASH, root, proof)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=130))
def test_all_proofs_verify_for_every_index_and_prefix(size):
    leaves = [merkle.leaf_hash(i.to_bytes(2, "big")) for i in range(size)]
    root = merkle.root(leaves)
    for index in range(size):
        assert merkle.verify_inclusion(index, size, leaves[index], merkle.inclusion_proof(index, leaves), root)
    for first in range(size + 1):
        proof = merkle.consistency_proof(first, leaves)
        assert merkle.verify_consistency(first, size, merkle.root(leaves[:first]), root, proof)


def test_merkle_and_encoding_import_without_django():
    code = (
        "import sys; sys.modules['django'] = None\n"
        "from lapak.core.audit import merkle, encoding\n"
        "assert merkle.root([merkle.leaf_hash(b'')]).hex().startswith('6e340b9c')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": ":".join(p for p in sys.path if p)},
    )
    assert result.returncode == 0, result.stderr
