"""The engine's steps, one module each, layered: each builds on the one below (base, recording, parking,
journaling, exempting, deferring, fixing, targeting, deciding); remediator.engine is the top."""
