"""The manifest: the record of a run, in the C++ format ("seedkit-manifest"
version 1, docs/record-replay.md), read and written by the C++ code itself.

    import seedkit, seedkit.manifest
    seedkit.init()                               # SEEDKIT_SEED, SEEDKIT_REPLAY, ...
    ... derive streams, train ...
    m = seedkit.manifest.capture()               # seed, streams, fingerprint
    m.set("learning_rate", 0.05).metric("val_loss", 0.31)
    m.save("run.json")                           # atomically; seedkit-diff reads it
    r = seedkit.manifest.load("run.json")        # r["master_seed"], r.param("learning_rate")

The fingerprint is the C++ one of the extension's build (compiler, flags,
FTZ/DAZ, environment variables, PYTHONHASHSEED among them) plus the Python
entries: python.version, python.numpy, python.torch (only when torch is
imported) and python.hash_randomization.
"""
import json
import os
import platform
import sys

from . import _files, _seedkit

if not _seedkit._has_record:  # pragma: no cover (a module built without nlohmann_json)
    raise ImportError("seedkit.manifest: this seedkit module was built without nlohmann_json's "
                      "headers (Debian: nlohmann-json3-dev), which the manifest needs; rebuild it")

FORMAT = "seedkit-manifest"
FORMAT_VERSION = 1


def python_fingerprint():
    """The Python entries capture() adds to the C++ fingerprint, as
    (name, value, affects) tuples: python.version, python.numpy,
    python.torch (only when torch is imported), python.hash_randomization
    (sys.flags.hash_randomization: 0 when PYTHONHASHSEED=0 fixed str hashes
    at start-up). env.PYTHONHASHSEED is in the C++ part."""
    import numpy

    entries = [
        ("python.version", f"{platform.python_implementation()} {platform.python_version()}",
         "other"),
        ("python.numpy", numpy.__version__, "other"),
    ]
    torch = sys.modules.get("torch")
    if torch is not None:
        entries.append(("python.torch", str(torch.__version__), "other"))
    entries.append(("python.hash_randomization", str(sys.flags.hash_randomization), "other"))
    return entries


class manifest:
    """The record of a run (the C++ seedkit::manifest). Read it like a dict
    of the file's fields (m["master_seed"], m["params"], m.keys()), or by
    attribute (master_seed, seed_source, streams, fingerprint, params,
    complete, replicate, metrics). set()/metric() add parameters and
    results; save() writes atomically. Errors are seedkit.Error with the C++
    message."""

    def __init__(self, native=None):
        self._m = _seedkit._manifest() if native is None else native

    # --- dict-like reading: the fields of the JSON document ----------------
    def to_dict(self):
        """The manifest as the JSON object its file holds."""
        return json.loads(self._m.to_json())

    def __getitem__(self, field):
        return self.to_dict()[field]

    def __contains__(self, field):
        return field in self.to_dict()

    def __iter__(self):
        return iter(self.to_dict())

    def __len__(self):
        return len(self.to_dict())

    def keys(self):
        return self.to_dict().keys()

    def items(self):
        return self.to_dict().items()

    def get(self, field, default=None):
        return self.to_dict().get(field, default)

    def __eq__(self, other):
        return isinstance(other, manifest) and self._m.to_json() == other._m.to_json()

    def __repr__(self):
        return (f"<seedkit.manifest master_seed={self.master_seed} ({self.seed_source}), "
                f"{len(self.streams)} stream(s), {len(self.params)} parameter(s)>")

    # --- fields -------------------------------------------------------------
    @property
    def master_seed(self):
        return self._m.master_seed

    @property
    def seed_source(self):
        return self._m.source

    @property
    def seedkit_version(self):
        return self._m.seedkit_version

    @property
    def stream_version(self):
        return self._m.stream_version

    @property
    def streams(self):
        """{name: count} of the stream names derived through the
        process-wide entry points."""
        return dict(self._m.streams)

    @property
    def fingerprint(self):
        """[(name, value, affects)] in the file's order."""
        return list(self._m.fingerprint)

    @property
    def params(self):
        return json.loads(self._m.params_json)

    @property
    def complete(self):
        return self._m.complete

    @property
    def replicate(self):
        """None, or {"index": int, "vary": [subtrees]}."""
        r = self._m.replicate
        return None if r is None else {"index": r[0], "vary": list(r[1])}

    @property
    def metrics(self):
        return dict(self._m.metrics)

    # --- changing -----------------------------------------------------------
    def set(self, name, value):
        """Sets the parameter `name` to `value`: str, int (-2^63 to
        2^64 - 1), finite float, bool, None, lists (tuples) and dicts with
        str keys; anything else (NaN and infinity have no JSON form) raises
        seedkit.Error naming the parameter. Returns self."""
        if not isinstance(name, str):
            raise _seedkit.Error(f"seedkit.manifest: the parameter name {name!r} is not a str")
        _utf8(name, "a parameter name")
        _files.check_value(value, f'seedkit.manifest: the parameter "{name}"', floats=True)
        self._m.set_json(name, json.dumps(value, allow_nan=False, ensure_ascii=False))
        return self

    def param(self, name):
        """The parameter `name`; seedkit.Error naming it when absent."""
        p = self.params
        if name not in p:
            raise _seedkit.Error(f'seedkit: manifest: no parameter "{name}"; the manifest has '
                                 f"{len(p)} parameter(s)")
        return p[name]

    def metric(self, name, value):
        """Records a result (finite number) under `name`. Returns self."""
        self._m.metric(_utf8(name, "a metric name"), float(value))
        return self

    def add_fingerprint(self, name, value, affects="other"):
        """Adds a fingerprint entry (affects: "nothing", or "streams",
        "float", "other" joined by '+'). Returns self."""
        self._m.add_fingerprint(_utf8(name, "a fingerprint name"),
                                _utf8(value, f'the fingerprint entry "{name}"'), affects)
        return self

    # --- text and files -----------------------------------------------------
    def to_json(self):
        """The C++ manifest's JSON text (2-space indented, fixed key order)."""
        return self._m.to_json()

    def save(self, path=None):
        """Writes the manifest atomically to `path` (None: the path in
        SEEDKIT_MANIFEST). Returns the path written."""
        if path is None:
            return self._m.save_env()
        path = os.fspath(path)
        self._m.save(path)
        return path

    def save_started(self, path):
        """Writes it marked incomplete ("complete": false), for the start of
        a run; save() at the end completes it."""
        self._m.save_started(os.fspath(path))


def _utf8(text, what):
    if not isinstance(text, str):
        raise _seedkit.Error(f"seedkit.manifest: {what} is a {type(text).__name__}, not a str")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _seedkit.Error(f"seedkit.manifest: {what} holds text that is not valid UTF-8: "
                             "JSON records hold UTF-8 text only") from None
    return text


def capture():
    """The process's master seed, derived stream names, replicate and
    fingerprint now (the C++ fingerprint plus python_fingerprint()).
    seedkit.Error before seedkit.init()."""
    m = manifest(_seedkit._manifest.capture())
    for name, value, affects in python_fingerprint():
        m.add_fingerprint(name, value, affects)
    return m


def load(path):
    """Reads and validates the manifest at `path` (seedkit.Error naming the
    field, its value and what is accepted)."""
    return manifest(_seedkit._manifest.load(os.fspath(path)))


def from_json(text, where="<text>"):
    """The same from the text; `where` names it in errors."""
    return manifest(_seedkit._manifest.from_json(text, where))


def diff(recorded, current):
    """How two manifests differ, as the C++ diff() and seedkit-diff: a list
    of (what, recorded, current, affects) tuples; empty when equal."""
    return _seedkit._manifest_diff(recorded._m, current._m)


def replayed():
    """The manifest SEEDKIT_REPLAY names, or None when it is unset."""
    r = _seedkit._replayed()
    return None if r is None else manifest(r)


def replay_differences(current):
    """How `current` (this run's manifest) differs from the run SEEDKIT_REPLAY
    replays (seedkit.Error when it is unset)."""
    return _seedkit._replay_differences(current._m)


def require_exact_replay(current):
    """Raises seedkit.Error listing every difference when replaying and
    `current` differs from the recorded run; nothing otherwise."""
    _seedkit._require_exact_replay(current._m)
