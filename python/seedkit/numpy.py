"""numpy bridge: numpy.random.Generator running on a seedkit stream.

    g = seedkit.numpy.generator("data/augment")   # numpy's distributions, seedkit's words
    bg = seedkit.numpy.bit_generator(seedkit.key(7) / "x")
    bg.random_raw(4)                               # the C++ stream's first four words

numpy accepts any object with a "BitGenerator" capsule around its bitgen_t
and a lock. next_uint64 is the stream's next word, next_uint32 its high
half, next_double its top 53 bits times 2**-53.
"""
import threading

import numpy as _np

from . import _seedkit


class bit_generator:
    """A numpy bit generator on the seedkit stream of a key or a name."""

    def __init__(self, key_or_name):
        self._g = _seedkit._numpy_bitgen(key_or_name)
        self.capsule = self._g.capsule
        self.lock = threading.Lock()

    def random_raw(self, size=None):
        """The next words, as random_raw of numpy's bit generators."""
        with self.lock:
            if size is None:
                return int(self._g.random_raw(1)[0])
            return self._g.random_raw(int(size))

    @property
    def state(self):
        """{"bit_generator": "seedkit", "state": token}; assignable."""
        with self.lock:
            return {"bit_generator": "seedkit", "state": self._g.state()}

    @state.setter
    def state(self, value):
        if not isinstance(value, dict) or value.get("bit_generator") != "seedkit":
            raise _seedkit.Error(
                "seedkit.numpy.bit_generator.state: expected {'bit_generator': 'seedkit', "
                "'state': token}, got %r" % (value,))
        with self.lock:
            self._g.set_state(value["state"])

    def __reduce__(self):
        return (_restore, (self.state["state"],))


def _restore(token):
    g = bit_generator.__new__(bit_generator)
    g._g = _seedkit._numpy_bitgen(_seedkit.key(0))
    g._g.set_state(token)
    g.capsule = g._g.capsule
    g.lock = threading.Lock()
    return g


def generator(key_or_name):
    """numpy.random.Generator(bit_generator(key_or_name))."""
    return _np.random.Generator(bit_generator(key_or_name))
