"""The standalone verifier on its own: it imports only the standard library and `cryptography`, and its Merkle code
(written independently of lapak's) agrees with the Certificate Transparency vectors and with lapak's proofs."""

from __future__ import annotations

import ast
import importlib.util
import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapak.core.audit import merkle
from lapak.core.audit.encoding import leaf_data
from lapak.core.audit.tests.test_merkle import CONSISTENCY_PROOFS, INCLUSION_PATHS, LEAF_HASHES, ROOTS
from lapak.oversight.tests.test_evidence_support import VERIFIER


@pytest.fixture(scope="module")
def verifier():
    spec = importlib.util.spec_from_file_location("lapak_audit_verify", VERIFIER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_imports_only_the_standard_library_and_cryptography():
    tree = ast.parse(VERIFIER.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports"
            roots.add(node.module.split(".")[0])
    assert "cryptography" in roots
    assert roots - {"cryptography"} <= set(sys.stdlib_module_names), roots


def _frontier_root(verifier, hashes):
    frontier = []
    for size, leaf in enumerate(hashes):
        verifier.extend(frontier, size, leaf)
    return verifier.fold(frontier)


def test_certificate_transparency_roots(verifier):
    assert verifier.fold([]) == merkle.EMPTY_ROOT
    for size, expected in ROOTS.items():
        assert _frontier_root(verifier, LEAF_HASHES[:size]).hex() == expected


def test_certificate_transparency_inclusion_paths(verifier):
    for (index, size), path in INCLUSION_PATHS.items():
        proof = [bytes.fromhex(h) for h in path]
        assert verifier.inclusion_root(index, size, LEAF_HASHES[index], proof).hex() == ROOTS[size]
        if proof:
            assert verifier.inclusion_root(index, size, LEAF_HASHES[index], proof[:-1]) != bytes.fromhex(ROOTS[size])


def test_certificate_transparency_consistency_proofs(verifier):
    for (first, second), path in CONSISTENCY_PROOFS.items():
        proof = [bytes.fromhex(h) for h in path]
        old, new = bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second])
        assert verifier.consistent(first, second, old, new, proof)
        assert not verifier.consistent(first, second, new if first != second else bytes(32), new, proof)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=70), st.data())
def test_agrees_with_lapaks_own_proofs(verifier, size, data):
    hashes = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(size)]
    root = merkle.root(hashes)
    assert _frontier_root(verifier, hashes) == root
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    assert verifier.inclusion_root(index, size, hashes[index], merkle.inclusion_proof(index, hashes)) == root
    first = data.draw(st.integers(min_value=1, max_value=size))
    proof = merkle.consistency_proof(first, hashes)
    assert verifier.consistent(first, size, merkle.root(hashes[:first]), root, proof)


def test_leaf_encoding_matches_adr_0004(verifier):
    from datetime import UTC, datetime

    fields = {"public_id": "aud_X", "occurred_at": datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC), "actor": "usr_A",
              "action": "seller.verify", "subject_type": "seller", "subject_id": "sel_1", "jurisdiction": "ID",
              "before": None, "after": {"kota": "Bandung é", "n": 3, "ok": True, "z": [1, None]}, "decision": None}
    expected = leaf_data(fields)
    assert verifier.leaf_bytes(json.loads(expected)) == expected
    with pytest.raises(ValueError):
        verifier.leaf_bytes({**json.loads(expected), "after": {"price": 1.5}})
    with pytest.raises(ValueError):
        verifier.leaf_bytes({**json.loads(expected), "extra": 1})
