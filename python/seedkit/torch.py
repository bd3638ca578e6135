"""torch bridge: seeding PyTorch from seedkit's named streams.

    import seedkit.torch
    report = seedkit.torch.seed_everything(12321)  # random, numpy, torch: each its own stream
    loader = DataLoader(ds, num_workers=4, worker_init_fn=seedkit.torch.worker_init_fn)
    g = seedkit.torch.generator("augment")         # = the C++ generator_for("augment")'s seed

torch (Debian: python3-torch) is imported when this module is.
"""
import os
import random

import numpy as np
import torch

from . import _seedkit


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
