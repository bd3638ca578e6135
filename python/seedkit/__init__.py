"""seedkit for Python: the same named streams as the C++ library, bit for bit.

    import seedkit
    seedkit.init(12321)                      # or seedkit.init() (SEEDKIT_SEED, SEEDKIT_REPLAY)
    rng = seedkit.stream("data/shuffle")     # the C++ stream_for("data/shuffle")
    words = rng.fill(1000)                   # numpy.uint64, the same words as C++
    gen = seedkit.numpy.generator("augment") # numpy's Generator on seedkit's words
    seedkit.exact_sum(numpy_array)           # correctly rounded, like math.fsum
    seedkit.manifest.capture().save("run.json")  # the C++ manifest; seedkit-diff reads it

Errors are seedkit.Error (a ValueError) carrying the C++ message.
docs/python.md describes the module.
"""
from ._seedkit import (  # noqa: F401  (the public API)
    Error,
    bernoulli,
    bootstrap,
    discrete,
    dropout_mask,
    epoch_permutation,
    epoch_shard,
    exponential,
    index_permutation,
    k_fold,
    normal,
    permutation,
    random_oversample,
    sample,
    seed_sequence,
    shuffle,
    split_by_fractions,
    stratified_k_fold,
    truncated_normal,
    uniform_int,
    uniform_real,
    weighted_sample,
    compensated_sum,
    current_seed,
    derived_names,
    dot,
    exact_sum,
    init,
    initialized,
    key,
    key_for,
    master_key,
    mean,
    pairwise_sum,
    parallel_sum,
    replicate_key,
    reset,
    seed_for,
    stream,
    stream_version,
    sum,
    variance,
    version,
)
from . import numpy  # noqa: F401,E402  (seedkit.numpy.bit_generator, .generator)
from ._seedkit import _has_record

if _has_record:  # the module was built with nlohmann_json's headers
    from . import manifest  # noqa: F401,E402  (seedkit.manifest.capture, .load, ...)

__version__ = version
