#!/usr/bin/env python3
"""Read and strictly validate a safetensors file, independently of aestack.

This reader is written from the format's specification
(https://github.com/huggingface/safetensors, README "Format"), not from aestack's
code, so that aestack's model files are checked by a second implementation:

    8 bytes       N, an unsigned little-endian 64-bit integer: the header's size
    N bytes       the header: UTF-8 JSON, an object that maps each tensor name to
                  {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]},
                  plus an optional "__metadata__" object of string -> string.
                  It starts with '{' and may be padded at the end with spaces.
    rest          the byte buffer: every tensor's little-endian values, row-major;
                  data_offsets are relative to the buffer's start, and the tensors
                  tile the buffer exactly, without gaps or overlaps.

Usage:
    python3 read_safetensors.py FILE [--dump]

On success it prints one JSON object to stdout and exits 0:

    {"metadata": {...},
     "tensors": {name: {"dtype": ..., "shape": [...], "sum": <double>,
                        "first": [up to 5 values], "values": [...] (--dump only)}}}

Tensors appear in the header's order. Floating-point values are printed as the
shortest decimal that reads back as the same double, so an F32 value survives the
trip exactly; non-finite values, which JSON cannot hold, are printed as the strings
"NaN", "Infinity" and "-Infinity". "sum" adds every value as a double (math.fsum,
correctly rounded; a boolean counts as 0 or 1).

On any violation of the format it prints "read_safetensors: FILE: <what is wrong>"
to stderr and exits 1; a usage error exits 2. Python 3 standard library only.
"""

import argparse
import json
import math
import os
import struct
import sys

# The size of the header-length prefix.
PREFIX = 8

# The reference implementation refuses headers larger than this (100 MB); so do we,
# rather than try to parse a corrupt length as gigabytes of JSON.
MAX_HEADER = 100_000_000


def _f8_e4m3(byte):
    """Decodes float8 E4M3 ("fn": bias 7, no infinities, S.1111.111 is NaN)."""
    sign = -1.0 if byte & 0x80 else 1.0
    exponent = (byte >> 3) & 0x0F
    mantissa = byte & 0x07
    if exponent == 0x0F and mantissa == 0x07:
        return math.nan
    if exponent == 0:
        return sign * mantissa / 8.0 * 2.0 ** -6
    return sign * (1.0 + mantissa / 8.0) * 2.0 ** (exponent - 7)


def _decode_struct(code):
    """A decoder of `count` little-endian values of one struct type code."""
    def decode(buffer, offset, count):
        return list(struct.unpack_from("<%d%s" % (count, code), buffer, offset))
    return decode


def _decode_bf16(buffer, offset, count):
    """bfloat16 is the upper half of an IEEE single: widen each to 32 bits."""
    halves = struct.unpack_from("<%dH" % count, buffer, offset)
    return list(struct.unpack("<%df" % count, struct.pack("<%dI" % count, *(h << 16 for h in halves))))


def _decode_f8_e5m2(buffer, offset, count):
    """float8 E5M2 is the upper byte of an IEEE half: widen each to 16 bits."""
    raw = bytes(buffer[offset:offset + count])
    return list(struct.unpack("<%de" % count, bytes(b for byte in raw for b in (0, byte))))


def _decode_f8_e4m3(buffer, offset, count):
    return [_f8_e4m3(byte) for byte in buffer[offset:offset + count]]


# The specification's byte-sized dtypes: name -> (bytes per value, decoder).
DTYPES = {
    "BOOL": (1, _decode_struct("?")),
    "U8": (1, _decode_struct("B")),
    "I8": (1, _decode_struct("b")),
    "F8_E5M2": (1, _decode_f8_e5m2),
    "F8_E4M3": (1, _decode_f8_e4m3),
    "U16": (2, _decode_struct("H")),
    "I16": (2, _decode_struct("h")),
    "F16": (2, _decode_struct("e")),
    "BF16": (2, _decode_bf16),
    "U32": (4, _decode_struct("I")),
    "I32": (4, _decode_struct("i")),
    "F32": (4, _decode_struct("f")),
    "U64": (8, _decode_struct("Q")),
    "I64": (8, _decode_struct("q")),
    "F64": (8, _decode_struct("d")),
}


class FormatError(Exception):
    """The file breaks the safetensors format; the message says how."""


def _reject_duplicates(pairs):
    """object_pairs_hook for json: a key given twice is ambiguous, so an error."""
    result = {}
    for key, value in pairs:
        if key in result:
            raise FormatError("the header names %s twice" % json.dumps(key))
        result[key] = value
    return result


def _reject_constant(name):
    """parse_constant for json: NaN and Infinity are not JSON."""
    raise FormatError("the header holds %s, which is not JSON" % name)


def _is_count(value):
    """A non-negative JSON integer (json gives bool for true/false, which is no count)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _bytes(count):
    """`count` bytes, in words."""
    return "1 byte" if count == 1 else "%d bytes" % count


def parse_header(data):
    """Checks the framing and header of `data` (the whole file).

    Returns (metadata, tensors, buffer start) where tensors maps each name, in header
    order, to (dtype, shape, begin, end) with offsets relative to the buffer.
    """
    if len(data) < PREFIX:
        raise FormatError("%d bytes is too short for the %d-byte header length" % (len(data), PREFIX))
    (length,) = struct.unpack_from("<Q", data, 0)
    if length > len(data) - PREFIX:
        raise FormatError("the header length is %d bytes, but only %d bytes follow the length"
                          % (length, len(data) - PREFIX))
    if length > MAX_HEADER:
        raise FormatError("the header length is %d bytes, more than the %d the format allows"
                          % (length, MAX_HEADER))
    raw = bytes(data[PREFIX:PREFIX + length])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise FormatError("the header is not UTF-8: %s" % e)
    # The header is a JSON object, which may be padded at the end with spaces only.
    body = text.rstrip(" ")
    if not body.startswith("{") or not body.endswith("}"):
        raise FormatError("the header is not a JSON object padded with spaces (it starts %r and ends %r)"
                          % (text[:16], text[-16:]))
    try:
        header = json.loads(body, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
    except ValueError as e:  # json.JSONDecodeError is a ValueError
        raise FormatError("the header is not valid JSON: %s" % e)
    if not isinstance(header, dict):
        raise FormatError("the header is not a JSON object")

    metadata = {}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            if not isinstance(entry, dict):
                raise FormatError("__metadata__ is a %s, not an object" % type(entry).__name__)
            for key, value in entry.items():
                if not isinstance(value, str):
                    raise FormatError("metadata %s is %s, not a string" % (json.dumps(key), json.dumps(value)))
            metadata = entry
            continue
        where = "tensor %s" % json.dumps(name)
        if not isinstance(entry, dict):
            raise FormatError("%s is described by a %s, not an object" % (where, type(entry).__name__))
        fields = set(entry)
        expected = {"dtype", "shape", "data_offsets"}
        if fields != expected:
            problems = []
            if expected - fields:
                problems.append("no " + ", ".join(sorted(expected - fields)))
            if fields - expected:
                problems.append("unknown fields " + ", ".join(sorted(fields - expected)))
            raise FormatError("%s has %s" % (where, " and ".join(problems)))
        dtype, shape, offsets = entry["dtype"], entry["shape"], entry["data_offsets"]
        if dtype not in DTYPES:
            raise FormatError("%s has dtype %s, which this reader does not know (it knows %s)"
                              % (where, json.dumps(dtype), ", ".join(DTYPES)))
        if not isinstance(shape, list) or not all(_is_count(d) for d in shape):
            raise FormatError("%s has shape %s, not a list of non-negative integers" % (where, json.dumps(shape)))
        if (not isinstance(offsets, list) or len(offsets) != 2 or not all(_is_count(o) for o in offsets)
                or offsets[0] > offsets[1]):
            raise FormatError("%s has data_offsets %s, not [begin, end] with 0 <= begin <= end"
                              % (where, json.dumps(offsets)))
        count = math.prod(shape)
        size = DTYPES[dtype][0]
        begin, end = offsets
        if end - begin != count * size:
            raise FormatError("%s spans %d bytes (data_offsets [%d, %d]), but shape %s of %s takes %d x %d = %d"
                              % (where, end - begin, begin, end, shape, dtype, count, size, count * size))
        tensors[name] = (dtype, shape, begin, end)

    # The tensors must tile the buffer: sorted by position, each starts where the one
    # before ended, the first at 0 and the last at the end of the file.
    start = PREFIX + length
    available = len(data) - start
    position = 0
    previous = None
    for name, (_, _, begin, end) in sorted(tensors.items(), key=lambda item: (item[1][2], item[1][3])):
        if begin != position:
            kind = "a gap" if begin > position else "an overlap"
            after = "after tensor %s" % json.dumps(previous) if previous else "at the start of the buffer"
            raise FormatError("%s of %s %s: tensor %s starts at %d, not %d"
                              % (kind, _bytes(abs(begin - position)), after, json.dumps(name), begin, position))
        if end > available:
            raise FormatError("tensor %s ends at byte %d of the buffer, past its end at %d: the file is truncated"
                              % (json.dumps(name), end, available))
        position = end
        previous = name
    if position != available:
        raise FormatError("the tensors cover %d bytes of the %d-byte buffer, leaving %s at its end in no tensor"
                          % (position, available, _bytes(available - position)))
    return metadata, tensors, start


def _json_number(value):
    """A value as JSON can carry it: non-finite floats become strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def _sum(values):
    """The sum as a double: correctly rounded when finite, else as IEEE addition has it."""
    floats = [float(v) for v in values]
    try:
        return math.fsum(floats)
    except (OverflowError, ValueError):  # a finite sum beyond double range, or inf + -inf
        return sum(floats)


def read(path, dump):
    """The report for the file at `path` (see the module's docstring)."""
    with open(path, "rb") as f:
        data = memoryview(f.read())
    metadata, tensors, start = parse_header(data)
    report = {}
    for name, (dtype, shape, begin, end) in tensors.items():
        size, decode = DTYPES[dtype]
        values = decode(data, start + begin, (end - begin) // size)
        entry = {
            "dtype": dtype,
            "shape": shape,
            "sum": _json_number(_sum(values)),
            "first": [_json_number(v) for v in values[:5]],
        }
        if dump:
            entry["values"] = [_json_number(v) for v in values]
        report[name] = entry
    return {"metadata": metadata, "tensors": report}


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="read_safetensors",
        description="Read and strictly validate a safetensors file; print its metadata and tensors as JSON.")
    parser.add_argument("file", help="the .safetensors file")
    parser.add_argument("--dump", action="store_true", help="also print every tensor's values, flattened")
    args = parser.parse_args(argv)
    try:
        report = read(args.file, args.dump)
    except FormatError as e:
        print("read_safetensors: %s: %s" % (args.file, e), file=sys.stderr)
        return 1
    except OSError as e:
        print("read_safetensors: %s: cannot read: %s" % (args.file, e.strerror or e), file=sys.stderr)
        return 1
    try:
        json.dump(report, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader of our output (e.g. `head`) stopped early: not an error in the file.
        # Point stdout at devnull so Python's exit-time flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
