"""The tamper-evident audit log (RFC 6962 Merkle tree, Ed25519-signed tree heads)."""
