"""`sela key new`: a key for encryption at rest (SELA_CIPHER_KEY)."""

from __future__ import annotations

import click


@click.group("key")
def key() -> None:
    """Encryption at rest: make a key for SELA_CIPHER_KEY.

    \b
    Example:
      sela key new
    """


@key.command("new")
def key_new() -> None:
    """Print a new random AES-256 key for SELA_CIPHER_KEY (keep it like a password).

    \b
    Example:
      export SELA_CIPHER_KEY=$(sela key new)
    """
    from eventsourcing.cipher import AESCipher

    click.echo(AESCipher.create_key(num_bytes=32))
