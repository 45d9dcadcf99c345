"""A small PNG decoder (Python's standard library only: zlib and the five PNG row filters) and a blankness measure.

The notebooks show charts and image grids as base64 PNG outputs. `decode` turns PNG bytes into rows of pixel tuples
and `colour_stats` counts the distinct colours and the share of the most common one, so a test can tell a real chart
from an empty or single-colour image without PIL. Supports what Java's ImageIO and Chromium write: bit depth 8 or 16,
grey, grey+alpha, RGB, RGBA and palette images (palette also at depths 1, 2, 4), not interlaced.
"""

import struct
import zlib
from collections import Counter

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel


class PngError(ValueError):
    """The bytes are not a PNG this decoder can read; the message says why."""


def chunks(data):
    """(type, payload) of every chunk, checking the signature and each chunk's CRC."""
    if not data.startswith(SIGNATURE):
        raise PngError("not a PNG (wrong signature)")
    pos = len(SIGNATURE)
    while pos < len(data):
        if pos + 8 > len(data):
            raise PngError("truncated chunk header")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        payload = data[pos + 8:pos + 8 + length]
        if len(payload) != length or pos + 12 + length > len(data):
            raise PngError(f"truncated {kind!r} chunk")
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        if zlib.crc32(kind + payload) & 0xFFFFFFFF != crc:
            raise PngError(f"CRC mismatch in {kind!r} chunk")
        yield kind.decode("latin-1"), payload
        pos += 12 + length
        if kind == b"IEND":
            return
    raise PngError("no IEND chunk")


def header(data):
    """(width, height, bit depth, colour type) from the IHDR chunk."""
    for kind, payload in chunks(data):
        if kind == "IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", payload)
            return width, height, depth, colour
        raise PngError("IHDR is not the first chunk")
    raise PngError("no IHDR chunk")


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(raw, height, stride, bpp):
    """Undoes the per-row filters (None, Sub, Up, Average, Paeth); returns the rows as bytearrays."""
    rows = []
    prev = bytearray(stride)
    pos = 0
    for y in range(height):
        if pos + 1 + stride > len(raw):
            raise PngError(f"image data ends in row {y}")
        kind = raw[pos]
        row = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        if kind == 0:
            pass
        elif kind == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 0xFF
        elif kind == 2:
            row = bytearray((r + p) & 0xFF for r, p in zip(row, prev))
        elif kind == 3:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                upleft = prev[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + _paeth(left, prev[i], upleft)) & 0xFF
        else:
            raise PngError(f"unknown filter type {kind} in row {y}")
        rows.append(row)
        prev = row
    return rows


def decode(data):
    """Decodes PNG bytes to (width, height, rows), each row a list of pixel tuples (palette images give RGB(A))."""
    width = height = depth = colour = None
    palette = None
    transparency = None
    idat = []
    for kind, payload in chunks(data):
        if kind == "IHDR":
            width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", payload)
            if colour not in CHANNELS:
                raise PngError(f"unknown colour type {colour}")
            if interlace != 0:
                raise PngError("interlaced PNGs are not supported")
            if compression != 0 or filtering != 0:
                raise PngError("unknown compression or filter method")
            if depth not in ((1, 2, 4, 8) if colour == 3 else (8, 16)):
                raise PngError(f"bit depth {depth} with colour type {colour} is not supported")
        elif kind == "PLTE":
            palette = [tuple(payload[i:i + 3]) for i in range(0, len(payload), 3)]
        elif kind == "tRNS":
            transparency = payload
        elif kind == "IDAT":
            idat.append(payload)
    if width is None:
        raise PngError("no IHDR chunk")
    if width == 0 or height == 0:
        raise PngError(f"empty image {width}x{height}")
    if not idat:
        raise PngError("no image data (IDAT)")
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise PngError(f"image data does not decompress: {e}") from e
    samples = CHANNELS[colour]
    bits = samples * depth
    stride = (width * bits + 7) // 8
    bpp = max(1, bits // 8)
    rows = unfilter(raw, height, stride, bpp)
    pixels = []
    for row in rows:
        if colour == 3:
            if palette is None:
                raise PngError("palette image without PLTE chunk")
            per_byte = 8 // depth
            mask = (1 << depth) - 1
            indices = [(row[i // per_byte] >> (8 - depth * (i % per_byte + 1))) & mask for i in range(width)]
            try:
                if transparency:
                    line = [palette[k] + ((transparency[k] if k < len(transparency) else 255),) for k in indices]
                else:
                    line = [palette[k] for k in indices]
            except IndexError as e:
                raise PngError("palette index out of range") from e
        elif depth == 8:
            line = [tuple(row[i:i + samples]) for i in range(0, width * samples, samples)]
        else:
            values = struct.unpack(f">{width * samples}H", bytes(row))
            line = [tuple(values[i:i + samples]) for i in range(0, width * samples, samples)]
        pixels.append(line)
    return width, height, pixels


def colour_stats(data):
    """(width, height, distinct colours, share of the most common colour) of PNG bytes."""
    width, height, rows = decode(data)
    counts = Counter()
    for line in rows:
        counts.update(line)
    return width, height, len(counts), counts.most_common(1)[0][1] / (width * height)


def is_blank(distinct_colours, dominant_share, max_share=0.999):
    """A blank image: one colour, or one colour on all but a few pixels in a thousand (an empty canvas)."""
    return distinct_colours < 2 or dominant_share > max_share
