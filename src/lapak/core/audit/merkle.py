"""RFC 6962 Merkle tree math: hashes, tree heads, inclusion and consistency proofs, and their verification.

Pure functions over `bytes`, using only the standard library, so the standalone verifier (and anyone
auditing Lapak) can import this file without Django. Definitions follow RFC 6962 §2.1; the verification
algorithms are those of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency).

Hashes:
- leaf hash  = SHA-256(0x00 || leaf data)
- node hash  = SHA-256(0x01 || left || right)
- MTH({})    = SHA-256("") (the empty tree)
- MTH(D[n])  = node hash(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two smaller than n.

Proof generation here works from the full list of leaf hashes and costs O(n) hashing per proof; that is
fine up to about a million leaves. Past that, store the hashes of complete subtrees instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof was asked for sizes or indices that do not exist in the tree."""


def leaf_hash(data: bytes) -> bytes:
    """The hash of one leaf's data."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node from its two children's hashes."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over leaves that are already hashed.

    Computed bottom-up: pairing neighbours level by level and carrying an odd last node up unchanged
    builds exactly the RFC's left-heavy tree, without recursion.
    """
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def inclusion_proof(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """The audit path PATH(m, D[n]) of RFC 6962 §2.1.1 for leaf `index` in a tree of these leaves."""
    size = len(leaf_hashes)
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    path: list[bytes] = []
    lo, hi = 0, size
    # Walk from the top; siblings are found top-down, so the path is reversed at the end.
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(root(leaf_hashes[lo + k : hi]))
            hi = lo + k
        else:
            path.append(root(leaf_hashes[lo : lo + k]))
            lo = lo + k
    path.reverse()
    return path


def consistency_proof(first: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 6962 §2.1.2 between the first `first` leaves and all of them.

    Empty when first == 0 or first == n, as the RFC defines.
    """
    size = len(leaf_hashes)
    if not 0 <= first <= size:
        raise ProofError(f"first size {first} is outside 0..{size}")
    if first in (0, size):
        return []
    proof: list[bytes] = []
    lo, hi, m, complete = 0, size, first, True  # SUBPROOF(m, D[lo:hi], complete)
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            proof.append(root(leaf_hashes[lo + k : hi]))
            hi = lo + k
        else:
            proof.append(root(leaf_hashes[lo : lo + k]))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        proof.append(root(leaf_hashes[lo:hi]))
    proof.reverse()
    return proof


def _valid_hashes(*hashes: bytes) -> bool:
    return all(isinstance(h, bytes | bytearray) and len(h) == HASH_SIZE for h in hashes)


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes | None:
    """The root that `proof` implies for `leaf` at `index` in a tree of `size`, or None if it cannot fit.

    RFC 9162 §2.1.3.2 steps 1-4; the caller compares the result with a trusted root (step 5).
    """
    if not 0 <= index < size or not _valid_hashes(leaf, *proof):
        return None
    fn, sn, r = index, size - 1, bytes(leaf)
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes) -> bool:
    """True when `proof` shows the leaf hash `leaf` at `index` in the tree of `size` with `root_hash`."""
    computed = root_from_inclusion_proof(index, size, leaf, proof)
    return computed is not None and _valid_hashes(root_hash) and computed == bytes(root_hash)


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]) -> bool:
    """True when `proof` shows the tree (first, first_root) is a prefix of the tree (second, second_root).

    RFC 9162 §2.1.4.2 for 0 < first < second. Equal sizes need equal roots and an empty proof; an
    empty first tree is a prefix of every tree, with an empty proof.
    """
    if not 0 <= first <= second or not _valid_hashes(*proof):
        return False
    if first == 0:
        return not proof
    if first == second:
        return not proof and _valid_hashes(first_root) and bytes(first_root) == bytes(second_root)
    if not proof or not _valid_hashes(first_root, second_root):
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the old root is itself a node of the new tree
        path.insert(0, bytes(first_root))
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == bytes(first_root) and sr == bytes(second_root) and sn == 0


class CompactRange:
    """The roots of the perfect subtrees that cover leaves [0, size): all that is needed to append leaves
    and compute each new root without the earlier leaves. Largest subtree first.
    """

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if len(hashes) != size.bit_count() or not _valid_hashes(*hashes):
            raise ValueError("a compact range holds one 32-byte hash per set bit of its size")
        self.size = size
        self.hashes = [bytes(h) for h in hashes]

    def append(self, leaf: bytes) -> None:
        """Add one leaf hash on the right, merging equal-sized subtrees as a binary counter carries."""
        node, size = bytes(leaf), self.size
        while size & 1:
            node = node_hash(self.hashes.pop(), node)
            size >>= 1
        self.hashes.append(node)
        self.size += 1

    def root(self) -> bytes:
        """MTH of the covered leaves: fold the subtree roots from the right."""
        if not self.hashes:
            return EMPTY_ROOT
        r = self.hashes[-1]
        for h in reversed(self.hashes[:-1]):
            r = node_hash(h, r)
        return r
