"""The encrypted backup file: libsodium secretstream (XChaCha20-Poly1305) through PyNaCl. No Flask.

Layout: ``MAGIC`` (16 bytes) · key id (8 bytes, BLAKE2b of the key: tells a wrong key apart from
a damaged file without revealing the key) · secretstream header (24 bytes) · frames. Each frame is
a 4-byte big-endian length and one sealed chunk. The first chunk is the JSON manifest; the last
carries the FINAL tag, so a file cut short anywhere is detected, and every chunk is
authenticated, so any altered byte is too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_ABYTES as ABYTES,
)
from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_HEADERBYTES as HEADERBYTES,
)
from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_init_pull,
    crypto_secretstream_xchacha20poly1305_init_push,
    crypto_secretstream_xchacha20poly1305_keygen,
    crypto_secretstream_xchacha20poly1305_pull,
    crypto_secretstream_xchacha20poly1305_push,
    crypto_secretstream_xchacha20poly1305_state,
)
from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_KEYBYTES as KEYBYTES,
)
from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_TAG_FINAL as TAG_FINAL,
)
from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE as TAG_MESSAGE,
)
from nacl.exceptions import CryptoError

MAGIC = b"PTPLAN-BACKUP-1\n"
CHUNK = 1024 * 1024
_MAX_FRAME = CHUNK + ABYTES + 1024 * 1024  # the manifest may be larger than a data chunk, not by much


class BackupFileError(Exception):
    """A backup cannot be read; the message says why in words an operator can act on."""


def new_key() -> bytes:
    return crypto_secretstream_xchacha20poly1305_keygen()


def encode_key(key: bytes) -> str:
    return base64.b64encode(key).decode()


def decode_key(text: str) -> bytes:
    """A key from its base64 text; refuses anything that is not exactly 32 bytes."""
    try:
        key = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise BackupFileError(
            "The backup key is not valid base64. Generate one with `flask backup-key`."
        ) from None
    if len(key) != KEYBYTES:
        raise BackupFileError(f"The backup key must be {KEYBYTES} bytes (base64 of {KEYBYTES} random bytes).")
    return key


def key_id(key: bytes) -> str:
    return hashlib.blake2b(key, digest_size=8, person=b"ptplan-backupkey").hexdigest()


def encrypt_file(source: Path, target: BinaryIO, key: bytes, manifest: dict) -> None:
    """Seal ``manifest`` and then the bytes of ``source`` into ``target``."""
    state = crypto_secretstream_xchacha20poly1305_state()
    header = crypto_secretstream_xchacha20poly1305_init_push(state, key)
    target.write(MAGIC + bytes.fromhex(key_id(key)) + header)

    def frame(data: bytes, tag: int, ad: bytes | None = None) -> None:
        sealed = crypto_secretstream_xchacha20poly1305_push(state, data, ad, tag)
        target.write(struct.pack(">I", len(sealed)) + sealed)

    frame(json.dumps(manifest, sort_keys=True).encode(), TAG_MESSAGE, MAGIC)
    with source.open("rb") as handle:
        chunk = handle.read(CHUNK)
        while True:
            following = handle.read(CHUNK)
            frame(chunk, TAG_FINAL if not following else TAG_MESSAGE)
            if not following:
                break
            chunk = following


def read_key_id(handle: BinaryIO) -> str:
    start = handle.read(len(MAGIC) + 8)
    if len(start) < len(MAGIC) + 8 or not start.startswith(MAGIC):
        raise BackupFileError("This is not a ptplan encrypted backup (the file does not start like one).")
    return start[len(MAGIC) :].hex()


def decrypt_file(source: BinaryIO, key: bytes, target: BinaryIO) -> dict:
    """Write the plaintext of an encrypted backup to ``target``; return its manifest.

    Raises BackupFileError for another key, a file cut short, or any altered byte.
    """
    found_id = read_key_id(source)
    if found_id != key_id(key):
        raise BackupFileError(
            f"Wrong key: this backup was encrypted with key id {found_id}, and the key given has "
            f"id {key_id(key)}. Use the key that was configured when the backup was made."
        )
    header = source.read(HEADERBYTES)
    if len(header) != HEADERBYTES:
        raise BackupFileError("The backup file is truncated (it ends inside its header).")
    state = crypto_secretstream_xchacha20poly1305_state()
    crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
    frames = _frames(source)
    manifest_frame = next(frames, None)
    if manifest_frame is None:
        raise BackupFileError("The backup file is truncated (no manifest).")
    try:
        manifest_bytes, _tag = crypto_secretstream_xchacha20poly1305_pull(state, manifest_frame, MAGIC)
        manifest = json.loads(manifest_bytes)
    except (CryptoError, ValueError):
        raise BackupFileError("The backup file is damaged: its manifest does not authenticate.") from None
    for number, sealed in enumerate(frames, start=1):
        try:
            data, tag = crypto_secretstream_xchacha20poly1305_pull(state, sealed, None)
        except CryptoError:
            raise BackupFileError(
                f"The backup file is damaged: chunk {number} does not authenticate."
            ) from None
        target.write(data)
        if tag == TAG_FINAL:
            if source.read(1):
                raise BackupFileError("The backup file is damaged: there is data after its final chunk.")
            return manifest
    raise BackupFileError("The backup file is truncated: it ends before its final chunk. Use another backup.")


def _frames(source: BinaryIO) -> Iterator[bytes]:
    while True:
        length_bytes = source.read(4)
        if not length_bytes:
            return
        if len(length_bytes) < 4:
            raise BackupFileError("The backup file is truncated: it ends inside a chunk.")
        (length,) = struct.unpack(">I", length_bytes)
        if length > _MAX_FRAME:
            raise BackupFileError("The backup file is damaged: a chunk length is impossible.")
        sealed = source.read(length)
        if len(sealed) < length:
            raise BackupFileError("The backup file is truncated: it ends inside a chunk.")
        yield sealed
