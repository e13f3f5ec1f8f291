"""The licensed marketplace: everything that moves goods or money (filled by later issues)."""
