"""torch bridge: seeding PyTorch from seedkit's named streams.

    import seedkit.torch
    report = seedkit.torch.seed_everything(12321)  # random, numpy, torch: each its own stream
    loader = DataLoader(ds, num_workers=4, worker_init_fn=seedkit.torch.worker_init_fn)
    g = seedkit.torch.generator("augment")         # = the C++ generator_for("augment")'s seed
    seedkit.torch.save_rng("rng.json", generators={"augment": g}, user={"epoch": 3})
    user = seedkit.torch.load_rng("rng.json", generators={"augment": g})  # C++ files too

torch (Debian: python3-torch) is imported when this module is.
"""
import os
import random
import struct

import numpy as np
import torch

from . import _files, _seedkit


def _legacy_numpy_seed(seed64):
    # numpy's legacy seed takes 32-bit words: both halves of the 64-bit seed.
    return np.array([seed64 & 0xFFFFFFFF, seed64 >> 32], dtype=np.uint32)


def seed_everything(seed=None):
    """Seeds Python's random, numpy's legacy global state and torch (CPU and
    every CUDA device) each from its own named stream under the master seed
    (seedkit.init(seed) first; seed=None: SEEDKIT_SEED, SEEDKIT_REPLAY or a
    random seed, as seedkit.init()). Never the same integer twice: random
    and numpy seeded with one integer give identical MT19937 streams (Robert
    Kern's warning). torch gets seed_for("torch"), the seed the C++
    seedkit::torch::seed_everything gives libtorch. Returns what was seeded.
    PYTHONHASHSEED cannot be set from inside a running interpreter: the
    report says whether it was set.
    """
    master, source = _seedkit.init(seed)
    seeds = {
        "python_random": _seedkit.seed_for("python/random"),
        "numpy_legacy": _seedkit.seed_for("numpy/legacy"),
        "torch": _seedkit.seed_for("torch"),
    }
    random.seed(seeds["python_random"])
    np.random.seed(_legacy_numpy_seed(seeds["numpy_legacy"]))
    torch.manual_seed(seeds["torch"])  # CPU and every CUDA device
    return {
        "master_seed": master,
        "seed_source": source,
        "seeds": seeds,
        "cuda_devices": torch.cuda.device_count() if torch.cuda.is_available() else 0,
        "pythonhashseed": os.environ.get("PYTHONHASHSEED"),
    }


def worker_keys(base_seed, worker, rank=0):
    """The key of one DataLoader worker: key(base_seed) / "worker" / rank /
    worker. Distinct (worker, rank) pairs never collide, at any size."""
    return _seedkit.key(base_seed) / "worker" / rank / worker


def worker_init_fn(worker_id):
    """A DataLoader worker_init_fn: seeds the worker's Python random, numpy
    legacy state and torch from worker_keys(base, worker_id, rank), where
    base is the loader's per-iteration base seed (torch draws it from the
    loader's generator, so seed that generator, or torch, from seedkit) and
    rank is torch.distributed's rank when it is initialized (else 0)."""
    info = torch.utils.data.get_worker_info()
    if info is None:
        raise _seedkit.Error("seedkit.torch.worker_init_fn: not in a DataLoader worker")
    base = (info.seed - worker_id) & 0xFFFFFFFFFFFFFFFF  # torch's info.seed is base + id
    rank = 0
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        rank = torch.distributed.get_rank()
    k = worker_keys(base, worker_id, rank)
    random.seed((k / "python/random").seed())
    np.random.seed(_legacy_numpy_seed((k / "numpy/legacy").seed()))
    torch.manual_seed((k / "torch").seed())


def generator(name_or_key):
    """A torch CPU generator seeded with the key's seed (a name: the named
    key under the master seed), as the C++ seedkit::torch::generator."""
    k = _seedkit.key_for(name_or_key) if isinstance(name_or_key, str) else name_or_key
    g = torch.Generator()
    g.manual_seed(k.seed())
    return g


def enable_determinism(warn_only=False):
    """Deterministic algorithms on, cuDNN deterministic and not benchmarking,
    CUBLAS_WORKSPACE_CONFIG=:4096:8 when unset. Raises seedkit.Error when
    CUDA is already initialized and CUBLAS_WORKSPACE_CONFIG was unset: cuBLAS
    reads it when CUDA starts, so setting it now would be silently too late."""
    if "CUBLAS_WORKSPACE_CONFIG" not in os.environ:
        if torch.cuda.is_available() and torch.cuda.is_initialized():
            raise _seedkit.Error(
                "seedkit.torch.enable_determinism: CUDA is already initialized, so "
                "CUBLAS_WORKSPACE_CONFIG can no longer take effect: call enable_determinism() "
                "before the first CUDA operation, or set CUBLAS_WORKSPACE_CONFIG=:4096:8 in the "
                "environment")
        os.environ["CUBLAS_WORKSPACE_CONFIG"] = ":4096:8"
    torch.use_deterministic_algorithms(True, warn_only=warn_only)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    return {
        "deterministic_algorithms": torch.are_deterministic_algorithms_enabled(),
        "cudnn_deterministic": torch.backends.cudnn.deterministic,
        "cudnn_benchmark": torch.backends.cudnn.benchmark,
        "cublas_workspace_config": os.environ["CUBLAS_WORKSPACE_CONFIG"],
    }


# --- RNG checkpoints: the C++ seedkit::torch::rng_checkpoint format ----------

_RNG_FORMAT = "seedkit-torch-rng"
_RNG_FORMAT_VERSION = 1
#: The keys of the checkpoint's user object under which a Python checkpoint
#: keeps Python's `random` and numpy's legacy global state (C++ keeps them as
#: part of the user object it loads and saves back).
PYTHON_RANDOM_KEY = "seedkit/python_random"
NUMPY_LEGACY_KEY = "seedkit/numpy_legacy"


def _words_hex(words):
    return "".join("%08x" % w for w in words)


def _hex_words(text, n, bad, what):
    if not isinstance(text, str) or len(text) != 8 * n or text.strip("0123456789abcdef"):
        raise bad(f"has a malformed {what} (accepted: {8 * n} lowercase hexadecimal digits)")
    return [int(text[i:i + 8], 16) for i in range(0, 8 * n, 8)]


def _double_hex(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def _hex_double(text, bad, what):
    if not isinstance(text, str) or len(text) != 16 or text.strip("0123456789abcdef"):
        raise bad(f"has a malformed {what} (accepted: 16 lowercase hexadecimal digits, the bits "
                  "of a double)")
    return struct.unpack("<d", struct.pack("<Q", int(text, 16)))[0]


def _python_random_state():
    version, internal, gauss = random.getstate()
    return {"version": version, "mt": _words_hex(internal[:624]), "index": internal[624],
            "gauss_next": None if gauss is None else _double_hex(gauss)}


def _parse_python_random(v, bad):
    if not isinstance(v, dict) or set(v) != {"version", "mt", "index", "gauss_next"}:
        raise bad(f'has a malformed "{PYTHON_RANDOM_KEY}" in its user object (accepted: '
                  '{"version", "mt", "index", "gauss_next"})')
    mt = _hex_words(v["mt"], 624, bad, "Python random state")
    g = v["gauss_next"]
    state = (v["version"], tuple(mt + [v["index"]]),
             None if g is None else _hex_double(g, bad, "Python random gauss_next"))
    try:
        random.Random().setstate(state)  # checked on a scratch generator
    except (TypeError, ValueError) as e:
        raise bad(f"has a Python random state that random.setstate rejects: {e}") from None
    return state


def _numpy_legacy_state():
    name, key, pos, has_gauss, cached = np.random.get_state(legacy=True)
    return {"bit_generator": name, "key": _words_hex(int(w) for w in key), "pos": int(pos),
            "has_gauss": int(has_gauss), "cached_gaussian": _double_hex(float(cached))}


def _parse_numpy_legacy(v, bad):
    keys = {"bit_generator", "key", "pos", "has_gauss", "cached_gaussian"}
    if not isinstance(v, dict) or set(v) != keys:
        raise bad(f'has a malformed "{NUMPY_LEGACY_KEY}" in its user object (accepted: '
                  '{"bit_generator", "key", "pos", "has_gauss", "cached_gaussian"})')
    key = np.array(_hex_words(v["key"], 624, bad, "numpy legacy key"), dtype=np.uint32)
    state = (v["bit_generator"], key, v["pos"], v["has_gauss"],
             _hex_double(v["cached_gaussian"], bad, "numpy legacy cached_gaussian"))
    try:
        np.random.RandomState().set_state(state)  # checked on a scratch generator
    except (TypeError, ValueError) as e:
        raise bad(f"has a numpy legacy state that numpy rejects: {e}") from None
    return state


def _state_hex(g):
    return g.get_state().numpy().tobytes().hex()


def _state_tensor(text, bad, what):
    if not isinstance(text, str):
        raise bad(f"has a malformed state for {what}")
    if len(text) % 2 != 0:
        raise bad(f"has an odd-length state for {what}")
    if text.strip("0123456789abcdef"):
        raise bad(f"has a non-hexadecimal state for {what}")
    if not text:
        return torch.empty(0, dtype=torch.uint8)
    return torch.frombuffer(bytearray.fromhex(text), dtype=torch.uint8).clone()


def _cuda_devices():
    return torch.cuda.device_count() if torch.cuda.is_available() else 0


class rng_checkpoint:
    """Every RNG state a training run depends on, saved next to a model
    checkpoint and restored all or nothing, in the C++
    seedkit::torch::rng_checkpoint format ("seedkit-torch-rng" version 1):
    a file either language writes and the other loads.

    Saved: the master seed (a restore under another master seed is
    refused), torch's default CPU generator, every CUDA device's default
    generator when CUDA is available, the torch.Generators and seedkit
    streams registered with track(name, obj), and a user dict. With
    python_states=True (the default) Python's `random` and numpy's legacy
    global state go into the user dict under PYTHON_RANDOM_KEY and
    NUMPY_LEGACY_KEY (C++ keeps them as part of the user object), and load()
    restores them when present. The user dict holds str, int, bool, None,
    finite floats, lists and dicts (floats are printed with nlohmann_json's
    digits, as C++ prints them, through the module; a module built without
    nlohmann_json refuses them).

    The file is written atomically. load() reads and checks everything
    (format, version, stream version, checksum, master seed, tracked names,
    every state on a scratch generator) before changing anything: a missing,
    truncated, corrupted, foreign or mismatched file raises seedkit.Error
    and restores nothing.

    Unlike C++, generators made by seedkit.torch.generator(name) are not
    tracked automatically: track them (the C++ side's generator_for(name)
    generators match them by name).

    Example:
        ckpt = seedkit.torch.rng_checkpoint().track("augment", aug_stream)
        ckpt.track("noise", noise_generator)
        ckpt.save("ckpt/rng.json", {"next_epoch": 3})
        ...
        user = ckpt.load("ckpt/rng.json")   # {"next_epoch": 3}
    """

    format_version = _RNG_FORMAT_VERSION

    def __init__(self, python_states=True):
        self._streams = {}
        self._generators = {}
        self._python_states = python_states

    def track(self, name, obj):
        """Saves and restores `obj` (a seedkit.stream or a CPU
        torch.Generator) under `name`. Returns self."""
        if not isinstance(name, str):
            raise _seedkit.Error(f"seedkit.torch.rng_checkpoint: the name {name!r} is not a str")
        if name in self._streams or name in self._generators:
            raise _seedkit.Error(f'seedkit.torch.rng_checkpoint: "{name}" is tracked already')
        if isinstance(obj, _seedkit.stream):
            self._streams[name] = obj
        elif isinstance(obj, torch.Generator):
            if obj.device.type != "cpu":
                raise _seedkit.Error(
                    f'seedkit.torch.rng_checkpoint: generator "{name}" is not a CPU generator; only '
                    "CPU generators can be tracked by name (CUDA default generators are saved "
                    "automatically)")
            self._generators[name] = obj
        else:
            raise _seedkit.Error(f'seedkit.torch.rng_checkpoint: "{name}" is a '
                                 f"{type(obj).__name__}; accepted: a seedkit.stream or a CPU "
                                 "torch.Generator")
        return self

    def untrack(self, name):
        """Leaves `name` out. Returns self."""
        self._streams.pop(name, None)
        self._generators.pop(name, None)
        return self

    def generator_names(self):
        return sorted(self._generators)

    def stream_names(self):
        return sorted(self._streams)

    def to_json(self, user=None):
        """The file's text for the current states and `user` (a dict)."""
        user = {} if user is None else user
        if not isinstance(user, dict):
            raise _seedkit.Error("seedkit.torch.rng_checkpoint: the user data must be a dict "
                                 f"(a JSON object), not {type(user).__name__}")
        user = dict(user)
        if self._python_states:
            user[PYTHON_RANDOM_KEY] = _python_random_state()
            user[NUMPY_LEGACY_KEY] = _numpy_legacy_state()
        # Floats need nlohmann_json's digits (the checksum covers the text).
        _files.check_value(user, "seedkit.torch.rng_checkpoint: the user data",
                           floats=_seedkit._has_record)
        payload = {
            "master_seed": str(_seedkit.current_seed()[0]),
            "torch_cpu": _state_hex(torch.default_generator),
            "torch_cuda": [_state_hex(torch.cuda.default_generators[i])
                           for i in range(_cuda_devices())],
            "generators": {n: _state_hex(g) for n, g in self._generators.items()},
            "streams": {n: s.state() for n, s in self._streams.items()},
            "user": user,
        }
        text = _files.cpp_canonical(payload)
        envelope = {
            "format": _RNG_FORMAT,
            "format_version": _RNG_FORMAT_VERSION,
            "stream_version": _seedkit.stream_version,
            "check": _files.fnv_check(text),
            # Keys in the canonical (sorted) order, numbers as C++ prints them.
            "payload": _files.parse(text, "seedkit.torch.rng_checkpoint"),
        }
        return _files.pretty(envelope, 1) + "\n"

    def save(self, path, user=None):
        """Writes to_json(user) to `path` atomically."""
        _files.write_atomically(path, self.to_json(user), "RNG checkpoint")

    def load(self, path):
        """Restores every state from `path` and returns the user dict (less
        the Python state keys); all or nothing."""
        return self.from_json(_files.read(path, "RNG checkpoint"), os.fspath(path))

    def from_json(self, text, where="<text>"):
        """The same from the file's text (str or bytes); `where` names it in
        errors."""
        who = f'seedkit.torch: RNG checkpoint "{where}"'
        tail = "; nothing was restored"

        def bad(why):
            return _seedkit.Error(f"{who} {why}{tail}")

        def field(obj, name, kind, where=""):
            if name not in obj:
                raise _seedkit.Error(f'{who}: the field "{name}"{where} is missing{tail}')
            return obj[name]

        def excerpt(v):
            s = _files.canonical(v)
            return s if len(s) <= 80 else s[:80] + f"... ({len(s)} bytes)"

        root = _files.parse(text, who, tail)
        if not isinstance(root, dict):
            raise _seedkit.Error(f"{who}: expected a JSON object at the top level{tail}")
        f = field(root, "format", str)
        if f != _RNG_FORMAT:
            raise _seedkit.Error(f'{who}: the field "format" is {excerpt(f)}: expected '
                                 f'"{_RNG_FORMAT}" (is this a {_RNG_FORMAT} file?){tail}')
        fv = field(root, "format_version", int)
        if type(fv) is not int or fv != _RNG_FORMAT_VERSION:
            raise _seedkit.Error(f'{who}: the field "format_version" is {excerpt(fv)}: expected '
                                 f"{_RNG_FORMAT_VERSION} (the only {_RNG_FORMAT} format this "
                                 f"seedkit reads){tail}")
        sv = field(root, "stream_version", int)
        if type(sv) is not int or sv != _seedkit.stream_version:
            raise _seedkit.Error(f'{who}: the field "stream_version" is {excerpt(sv)}: expected '
                                 f"{_seedkit.stream_version} (it was written with another stream "
                                 f"version){tail}")
        p = field(root, "payload", dict)
        if not isinstance(p, dict):
            raise _seedkit.Error(f'{who}: the field "payload" is {excerpt(p)}: expected an '
                                 f"object{tail}")
        check = field(root, "check", str)
        if not isinstance(check, str):
            raise _seedkit.Error(f'{who}: the field "check" is {excerpt(check)}: expected '
                                 f'"fnv1a64-" and 16 hexadecimal digits{tail}')
        if check != _files.fnv_check(_files.cpp_recanonical(p)):
            raise bad("fails its checksum (corrupted or edited)")

        def typed(name, kind):
            v = field(p, name, kind, " of the payload")
            if not isinstance(v, kind) or isinstance(v, bool):
                raise bad(f'has a malformed field "{name}"')
            return v

        seed = typed("master_seed", str)
        now = str(_seedkit.current_seed()[0])
        if seed != now:
            raise bad(f"was saved under master seed {seed}, but the master seed now is {now}")

        def cpu_state(v, what):
            t = _state_tensor(v, bad, what)
            try:
                torch.Generator().set_state(t)  # checked on a scratch generator
            except (RuntimeError, TypeError, ValueError) as e:
                raise bad(f"has a state for {what} that libtorch rejects: {e}") from None
            return t

        cpu = cpu_state(typed("torch_cpu", str), "torch's CPU generator")
        cuda_j = typed("torch_cuda", list)
        devices = _cuda_devices()
        if len(cuda_j) != devices:
            raise bad(f"holds {len(cuda_j)} CUDA generator states, but {devices} CUDA devices "
                      "are visible")
        cuda = [_state_tensor(v, bad, f"CUDA device {i}") for i, v in enumerate(cuda_j)]
        gens_j = typed("generators", dict)
        streams_j = typed("streams", dict)
        user = typed("user", dict)
        _check_names(gens_j, self._generators, "generators", bad)
        _check_names(streams_j, self._streams, "streams", bad)
        gens = {n: cpu_state(v, f'generator "{n}"') for n, v in gens_j.items()}
        streams = {}
        for n, v in streams_j.items():
            if not isinstance(v, str):
                raise bad(f'has a malformed state for stream "{n}"')
            try:
                _seedkit.stream.from_state(v)
            except _seedkit.Error as e:
                raise bad(f'has a bad state for stream "{n}": {e}') from None
            streams[n] = v
        py_random = np_legacy = None
        if self._python_states and PYTHON_RANDOM_KEY in user:
            py_random = _parse_python_random(user[PYTHON_RANDOM_KEY], bad)
        if self._python_states and NUMPY_LEGACY_KEY in user:
            np_legacy = _parse_numpy_legacy(user[NUMPY_LEGACY_KEY], bad)

        if cuda:
            # CUDA states are validated by libtorch only when set: set them
            # first, restoring the previous ones if any is refused.
            before = [torch.cuda.default_generators[i].get_state() for i in range(len(cuda))]
            for i, t in enumerate(cuda):
                try:
                    torch.cuda.default_generators[i].set_state(t)
                except (RuntimeError, TypeError, ValueError) as e:
                    for r in range(i):
                        torch.cuda.default_generators[r].set_state(before[r])
                    raise bad(f"has a state for CUDA device {i} that libtorch rejects: "
                              f"{e}") from None

        # Apply: none of this can fail now.
        torch.default_generator.set_state(cpu)
        for n, t in gens.items():
            self._generators[n].set_state(t)
        for n, token in streams.items():
            self._streams[n].set_state(token)
        if py_random is not None:
            random.setstate(py_random)
        if np_legacy is not None:
            np.random.set_state(np_legacy)
        return {k: _plain(v) for k, v in user.items()
                if k not in (PYTHON_RANDOM_KEY, NUMPY_LEGACY_KEY)}


def _plain(v):
    # The user's values as plain Python (a Number is a float).
    if isinstance(v, _files.Number):
        return float(v)
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _check_names(saved, tracked, what, bad):
    extra = "".join(f' "{n}"' for n in sorted(saved) if n not in tracked)
    missing = "".join(f' "{n}"' for n in sorted(tracked) if n not in saved)
    if missing or extra:
        raise bad(f"does not match the tracked {what}"
                  + (f": not in the file:{missing} (untrack() them if they are new since the "
                     "checkpoint)" if missing else "")
                  + (f": not tracked here:{extra} (track() them before loading)" if extra
                     else ""))


def save_rng(path, streams=None, generators=None, user=None, python_states=True):
    """Saves an RNG checkpoint of torch's CPU (and CUDA) generators, the
    named seedkit streams and torch generators, Python's random and numpy's
    legacy state (python_states) and `user`, atomically: rng_checkpoint with
    every entry of `streams` and `generators` tracked."""
    _checkpoint_of(streams, generators, python_states).save(path, user)


def load_rng(path, streams=None, generators=None, python_states=True):
    """Restores a checkpoint save_rng (or C++ rng_checkpoint::save) wrote
    into the given streams and generators (the same names as when saved),
    torch's generators and, when saved, Python's random and numpy's legacy
    state; returns the user dict. All or nothing."""
    return _checkpoint_of(streams, generators, python_states).load(path)


def _checkpoint_of(streams, generators, python_states):
    c = rng_checkpoint(python_states=python_states)
    for n, s in (streams or {}).items():
        if not isinstance(s, _seedkit.stream):
            raise _seedkit.Error(f'seedkit.torch: streams["{n}"] is a {type(s).__name__}; '
                                 "accepted: a seedkit.stream")
        c.track(n, s)
    for n, g in (generators or {}).items():
        if not isinstance(g, torch.Generator):
            raise _seedkit.Error(f'seedkit.torch: generators["{n}"] is a {type(g).__name__}; '
                                 "accepted: a torch.Generator")
        c.track(n, g)
    return c
