"""The JSON files seedkit shares with its C++ record and torch add-ons
(internal): strict reading, the canonical text the checksums cover, and
atomic writes.

Reading follows seedkit/record/detail/json.hpp: malformed or truncated text,
text that is not UTF-8, NaN or infinity, a number beyond the double range, a
key twice in one object and nesting deeper than 64 levels are refused with
seedkit.Error. Numbers with a fraction or exponent keep their text
(`Number`), so that the canonical text of a file nlohmann_json wrote is
exactly the text it hashed.
"""
import json
import os
import secrets

from . import _seedkit

MAX_DEPTH = 64  # seedkit::detail::max_json_depth
_U64 = 1 << 64
_I64_MIN = -(1 << 63)


class Number(float):
    """A JSON number with a fraction or exponent, as read: a float that
    remembers its text (the canonical text writes it back unchanged)."""

    def __new__(cls, text):
        v = float.__new__(cls, text)
        v.text = text
        return v


def parse(text, who, tail=""):
    """The JSON value of `text` (bytes or str); seedkit.Error opening with
    `who` and closing with `tail` for anything seedkit's C++ readers refuse."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as e:
            raise _seedkit.Error(f"{who} is not valid JSON (truncated or corrupted?): the text is "
                                 f"not UTF-8 at byte {e.start}{tail}") from None

    def pairs(items):
        out = {}
        for k, v in items:
            if k in out:
                raise _seedkit.Error(f"{who}: the key {json.dumps(k, ensure_ascii=False)} appears "
                                     f"twice in one object; accepted: each key once{tail}")
            out[k] = v
        return out

    def constant(name):
        raise _seedkit.Error(f"{who} is not valid JSON (truncated or corrupted?): {name} is not a "
                             f"JSON number{tail}")

    def number(s):
        v = Number(s)
        if v in (float("inf"), float("-inf")):
            raise _seedkit.Error(f"{who} is not valid JSON (truncated or corrupted?): the number "
                                 f"{s[:40]} is beyond the double range{tail}")
        return v

    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=constant,
                           parse_float=number)
    except json.JSONDecodeError as e:
        raise _seedkit.Error(f"{who} is not valid JSON (truncated or corrupted?): {e}{tail}") from None
    except RecursionError:
        value = None
        depth = MAX_DEPTH + 1
    else:
        depth = _depth(value)
    if depth > MAX_DEPTH:
        raise _seedkit.Error(f"{who}: values are nested deeper than {MAX_DEPTH} levels; accepted: "
                             f"at most {MAX_DEPTH}{tail}")
    return value


def _depth(v):
    # Iterative: the depth of the nesting of objects and arrays.
    best, todo = 0, [(v, 1)]
    while todo:
        x, d = todo.pop()
        if isinstance(x, dict):
            best = max(best, d)
            todo.extend((y, d + 1) for y in x.values())
        elif isinstance(x, list):
            best = max(best, d)
            todo.extend((y, d + 1) for y in x)
    return best


def check_value(v, what, depth=1, floats=False):
    """Raises seedkit.Error unless `v` is JSON seedkit writes the same way
    in Python and C++: dicts with str keys, lists (tuples), str, int from
    -2^63 to 2^64 - 1, bool, None, and (with floats=True) finite floats."""
    if depth > MAX_DEPTH - 4:
        raise _seedkit.Error(f"{what} is nested deeper than {MAX_DEPTH - 4} levels; accepted: "
                             f"at most {MAX_DEPTH - 4}")
    if v is None or isinstance(v, bool):
        return
    if isinstance(v, int):
        if not _I64_MIN <= v < _U64:
            raise _seedkit.Error(f"{what} holds the integer {v}; accepted: integers from -2^63 to "
                                 "2^64 - 1 (store larger ones as strings)")
        return
    if isinstance(v, float):
        if not floats:
            raise _seedkit.Error(
                f"{what} holds the float {v!r}; accepted: strings, integers, booleans, None, lists "
                "and dicts (JSON libraries write floats with different digits, which would break "
                "the checksum in C++: store it as a string, e.g. repr(x) or x.hex())")
        if v != v or v in (float("inf"), float("-inf")):
            raise _seedkit.Error(f"{what} holds {v!r}: JSON has no form for NaN or infinity "
                                 "(record it as a string)")
        return
    if isinstance(v, str):
        _check_text(v, what)
        return
    if isinstance(v, (list, tuple)):
        for x in v:
            check_value(x, what, depth + 1, floats)
        return
    if isinstance(v, dict):
        for k, x in v.items():
            if not isinstance(k, str):
                raise _seedkit.Error(f"{what} has the key {k!r}; accepted: str keys only")
            _check_text(k, what)
            check_value(x, what, depth + 1, floats)
        return
    raise _seedkit.Error(f"{what} holds {type(v).__name__} {v!r:.60}; accepted: str, int, bool, "
                         "None, list and dict")


def _check_text(s, what):
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        raise _seedkit.Error(f"{what} holds text that is not valid UTF-8 ({s!r:.60}): JSON "
                             "records hold UTF-8 text only") from None


def canonical(v):
    """nlohmann_json's compact dump of `v` with its keys sorted (what
    `nlohmann::json::dump()` writes): the text seedkit's checksums cover.
    For str, int, bool, None, lists and dicts it equals
    json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False);
    a Number is written as it was read."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, Number):
        return v.text
    if isinstance(v, int):
        return str(int(v))
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(v[k])
                              for k in sorted(v)) + "}"
    raise TypeError(f"not JSON: {type(v).__name__}")


def pretty(v, indent, level=0):
    """nlohmann_json's dump(indent) of `v`: one member per line, ": " after
    keys, "{}" and "[]" for empty ones, scalars as canonical() writes them
    (what seedkit's C++ writers put in their files)."""
    if isinstance(v, dict) and v:
        pad = " " * (indent * (level + 1))
        items = (pad + json.dumps(k, ensure_ascii=False) + ": " + pretty(x, indent, level + 1)
                 for k, x in v.items())
        return "{\n" + ",\n".join(items) + "\n" + " " * (indent * level) + "}"
    if isinstance(v, (list, tuple)) and v:
        pad = " " * (indent * (level + 1))
        items = (pad + pretty(x, indent, level + 1) for x in v)
        return "[\n" + ",\n".join(items) + "\n" + " " * (indent * level) + "]"
    return canonical(v)


def cpp_canonical(v):
    """The compact, key-sorted text of `v` as nlohmann_json prints it (its
    digits for floats), through the C++ dump when the module has
    nlohmann_json; otherwise canonical(v), for values without floats."""
    if _seedkit._has_record:
        return _seedkit._json_dump(json.dumps(v, allow_nan=False, ensure_ascii=False))
    return canonical(v)


def cpp_recanonical(v):
    """The text a C++ reader hashes for a value read from a file (numbers
    as written, Number): nlohmann_json's dump of canonical(v) when the
    module has it (so that even hand-written number forms such as 1E5 are
    printed as C++ prints them), otherwise canonical(v)."""
    text = canonical(v)
    return _seedkit._json_dump(text) if _seedkit._has_record else text


def fnv_check(text):
    """"fnv1a64-" and the 16 hex digits of FNV-1a 64 of `text`'s UTF-8 bytes
    (seedkit::torch::detail::fnv_check, through the C++ function)."""
    return "fnv1a64-%016x" % _seedkit._fnv1a64(text.encode("utf-8"))


def write_atomically(path, text, what):
    """Replaces `path` with `text` (UTF-8): a temporary file in the same
    directory, flushed and renamed over it, as
    seedkit::detail::write_file_atomically. Raises seedkit.Error, leaving
    any existing file untouched and no temporary file behind."""
    path = os.fspath(path)
    if not path:
        raise _seedkit.Error(f"seedkit: cannot write the {what}: empty path")
    if os.path.exists(path) and not os.path.isfile(path):
        raise _seedkit.Error(f"seedkit: cannot write the {what} \"{path}\": it exists and is not "
                             "a regular file (a directory, device or pipe); accepted: a new path "
                             "or an existing regular file")
    # O_EXCL with mode 0666 (less the umask), as the C++ writer's ofstream.
    tmp = f"{path}.tmp.{os.getpid()}.{secrets.token_hex(8)}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as e:
        raise _seedkit.Error(f"seedkit: cannot write the {what} \"{path}\": cannot create a "
                             f"temporary file \"{tmp}\" ({e.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise _seedkit.Error(f"seedkit: cannot write the {what} \"{path}\": writing failed "
                             f"({e.strerror})") from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def read(path, what):
    """The bytes of `path`; seedkit.Error naming the role and the path when
    it cannot be read."""
    path = os.fspath(path)
    if os.path.isdir(path):
        raise _seedkit.Error(f"seedkit: cannot read the {what} \"{path}\": it is a directory; "
                             "accepted: a file")
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise _seedkit.Error(f"seedkit: cannot read the {what} \"{path}\" ({e.strerror})") from None
