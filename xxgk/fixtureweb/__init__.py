"""The fixture web: replica municipal sites on 127.0.0.1 (see fixtureweb/README.md)."""
