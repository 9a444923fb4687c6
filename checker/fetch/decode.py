"""Bounded decompression: a small compressed body never inflates past the size cap."""
from __future__ import annotations

import zlib

DEFAULT_CAP = 8 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_STEP = 64 * 1024  # raw bytes fed per step; each step yields at most the room left under the cap


class DecodeError(ValueError):
    """Corrupt compressed data."""


class TooLarge(DecodeError):
    """A body that inflates past the cap."""


class CappedDecoder:
    """Incremental gzip/deflate decoding that refuses to produce more than `cap` bytes."""

    def __init__(self, encoding: str, cap: int = DEFAULT_CAP) -> None:
        # gzip: 16 + MAX_WBITS; deflate may come zlib-wrapped (the usual) or raw
        wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._raw_fallback = encoding == "deflate"
        self._z = zlib.decompressobj(wbits)
        self._cap, self._size, self._started = cap, 0, False

    def feed(self, data: bytes) -> bytes:
        out = []
        pending = data
        while pending:
            room = self._cap - self._size + 1  # one byte more than allowed proves the overflow
            try:
                chunk = self._z.decompress(pending, room)
            except zlib.error as exc:
                if self._raw_fallback and not self._started:
                    self._z, self._raw_fallback = zlib.decompressobj(-zlib.MAX_WBITS), False
                    continue
                raise DecodeError(f"corrupt compressed data ({exc})") from None
            self._started = True
            self._size += len(chunk)
            if self._size > self._cap:
                raise TooLarge(f"inflates past the {self._cap}-byte limit")
            out.append(chunk)
            pending = self._z.unconsumed_tail
            if self._z.eof:
                break
        return b"".join(out)


def gunzip_capped(data: bytes, cap: int = DEFAULT_CAP) -> bytes:
    """`data` inflated when it is gzip (a .json.gz file), else unchanged; DecodeError past `cap`."""
    if data[:2] != _GZIP_MAGIC:
        return data
    decoder = CappedDecoder("gzip", cap)
    out = [decoder.feed(data[i:i + _STEP]) for i in range(0, len(data), _STEP)]
    return b"".join(out)
