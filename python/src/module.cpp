// seedkit's Python extension module (_seedkit): the C++ library's keys,
// streams, process-wide master seed and sums, with the same bits, and a
// numpy BitGenerator bridge. The Python package `seedkit`
// (python/seedkit/__init__.py) wraps it; docs/python.md describes the API.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "seedkit/seedkit.hpp"

// The manifest (seedkit::record) needs nlohmann_json's headers, nothing to
// link: with them, the module carries the C++ manifest, fingerprint and
// SEEDKIT_REPLAY (including manifest.hpp installs init()'s replay reader).
#if __has_include(<nlohmann/json.hpp>)
#  define SEEDKIT_PYTHON_RECORD 1
#  include "seedkit/record/manifest.hpp"
#else
#  define SEEDKIT_PYTHON_RECORD 0
#endif

namespace py = pybind11;

namespace {

// numpy's bitgen_t (numpy/random/bitgen.h, numpy 1.17 and later): the
// struct a numpy.random.Generator calls through, found in the "BitGenerator"
// capsule of its bit generator.
struct bitgen_t {
  void* state;
  std::uint64_t (*next_uint64)(void* st);
  std::uint32_t (*next_uint32)(void* st);
  double (*next_double)(void* st);
  std::uint64_t (*next_raw)(void* st);
};

// A seedkit::stream behind numpy's bitgen_t. next_uint32 is the high half
// of a 64-bit word and next_double its top 53 bits times 2^-53 (numpy's own
// convention for 64-bit generators), so every value derives from the
// stream's words in order.
struct numpy_bitgen {
  seedkit::stream s;
  bitgen_t b{};

  explicit numpy_bitgen(const seedkit::key& k) : s(k) {
    b.state = this;
    b.next_uint64 = [](void* st) -> std::uint64_t { return static_cast<numpy_bitgen*>(st)->s(); };
    b.next_uint32 = [](void* st) -> std::uint32_t {
      return static_cast<std::uint32_t>(static_cast<numpy_bitgen*>(st)->s() >> 32);
    };
    b.next_double = [](void* st) -> double {
      return static_cast<double>(static_cast<numpy_bitgen*>(st)->s() >> 11) * 0x1p-53;
    };
    b.next_raw = b.next_uint64;
  }
  numpy_bitgen(const numpy_bitgen&) = delete;
  numpy_bitgen& operator=(const numpy_bitgen&) = delete;
};

seedkit::reduce_mode mode_of(const std::string& name) {
  if (name == "pairwise") return seedkit::reduce_mode::pairwise;
  if (name == "compensated") return seedkit::reduce_mode::compensated;
  if (name == "exact") return seedkit::reduce_mode::exact;
  throw seedkit::error("seedkit: mode \"" + name +
                       "\" is not a reduction mode; accepted: \"pairwise\", \"compensated\", "
                       "\"exact\"");
}

// A 1-d C-contiguous float64 or float32 array, read in place (no copy).
// Anything else is refused with a message naming what was given.
template <class F>
py::object on_array(const py::array& a, const char* who, F&& f) {
  if (a.ndim() != 1) {
    throw seedkit::error(std::string("seedkit.") + who + ": the array has " +
                         std::to_string(a.ndim()) +
                         " dimensions; pass a one-dimensional array (ravel() it first)");
  }
  if (!(a.flags() & py::array::c_style)) {
    throw seedkit::error(std::string("seedkit.") + who +
                         ": the array is not contiguous; pass numpy.ascontiguousarray(a) (seedkit "
                         "reads arrays in place and does not copy them silently)");
  }
  if (a.dtype().is(py::dtype::of<double>())) {
    const auto* p = static_cast<const double*>(a.data());
    return py::float_(f(p, p + a.shape(0)));
  }
  if (a.dtype().is(py::dtype::of<float>())) {
    const auto* p = static_cast<const float*>(a.data());
    return py::float_(static_cast<double>(f(p, p + a.shape(0))));
  }
  throw seedkit::error(std::string("seedkit.") + who + ": the array's dtype is " +
                       std::string(py::str(a.dtype())) + "; accepted: float64 or float32");
}

seedkit::key key_of(const std::variant<seedkit::key, std::string>& k) {
  if (const auto* name = std::get_if<std::string>(&k)) return seedkit::key_for(*name);
  return std::get<seedkit::key>(k);
}

// Draws `size` values of distribution d from s into a new numpy array.
template <class Out, class D>
py::array_t<Out> draw(seedkit::stream& s, py::ssize_t size, const D& d, const char* who) {
  if (size < 0) {
    throw seedkit::error(std::string("seedkit.") + who + ": size = " + std::to_string(size) +
                         " is negative");
  }
  py::array_t<Out> out(size);
  Out* p = out.mutable_data();
  for (py::ssize_t i = 0; i < size; ++i) p[i] = static_cast<Out>(d(s));
  return out;
}

py::array_t<std::int64_t> to_array(const std::vector<std::size_t>& v) {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i)
    out.mutable_data()[i] = static_cast<std::int64_t>(v[i]);
  return out;
}

seedkit::shard_tail tail_of(const std::string& name) {
  if (name == "pad") return seedkit::shard_tail::pad;
  if (name == "drop") return seedkit::shard_tail::drop;
  throw seedkit::error("seedkit: tail \"" + name +
                       "\" is not a shard tail; accepted: \"pad\", \"drop\"");
}

}  // namespace

PYBIND11_MODULE(_seedkit, m) {
  m.doc() = "seedkit's C++ core (keys, streams, the master seed, sums); import seedkit instead";
  static py::exception<seedkit::error> error_type(m, "Error", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const seedkit::error& e) {
      error_type(e.what());
    }
  });

  m.attr("stream_version") = SEEDKIT_STREAM_VERSION;
  // The checksum of seedkit's JSON file formats (seedkit/detail/encoding.hpp).
  m.def(
      "_fnv1a64", [](py::bytes b) { return seedkit::detail::fnv1a64(std::string_view(b)); },
      py::arg("data"));
  m.attr("version") = SEEDKIT_VERSION_STRING;

  py::class_<seedkit::key>(m, "key", "A 128-bit key; derive with key / \"name\" and key / index.")
      .def(py::init([](std::uint64_t seed) { return seedkit::key(seed); }), py::arg("seed"))
      .def("__truediv__", [](const seedkit::key& k, const std::string& name) { return k / name; })
      .def("__truediv__", [](const seedkit::key& k, std::uint64_t i) { return k / i; })
      .def(
          "derive", [](const seedkit::key& k, const std::string& path) { return k.derive(path); },
          "The key at a slash-separated path: key.derive(\"a/b\") == key / \"a\" / \"b\".")
      .def("seed", &seedkit::key::seed, "The key's seed word (cuRAND's seed).")
      .def("subsequence", &seedkit::key::subsequence, "The key's subsequence word.")
      .def("__eq__", [](const seedkit::key& a, const seedkit::key& b) { return a == b; })
      .def(
          "__hash__",
          [](const seedkit::key& k) { return py::hash(py::make_tuple(k.seed(), k.subsequence())); })
      .def("__repr__", [](const seedkit::key& k) {
        return "seedkit.key(seed=0x" + seedkit::detail::to_hex(k.seed()) + ", subsequence=0x" +
               seedkit::detail::to_hex(k.subsequence()) + ")";
      });

  py::class_<seedkit::stream>(m, "stream",
                              "A counter-based stream of 64-bit words: stream(key) or "
                              "stream(\"name\") (the named stream under the master seed).")
      .def(py::init([](const std::variant<seedkit::key, std::string>& k) {
             return seedkit::stream(key_of(k));
           }),
           py::arg("key_or_name"))
      .def(
          "next_u64", [](seedkit::stream& s) { return s(); }, "The next 64-bit word.")
      .def(
          "next_u32", [](seedkit::stream& s) { return static_cast<std::uint32_t>(s() >> 32); },
          "The high 32 bits of the next 64-bit word.")
      .def(
          "fill",
          [](seedkit::stream& s, py::ssize_t n) {
            if (n < 0)
              throw seedkit::error("seedkit.stream.fill: n = " + std::to_string(n) +
                                   " is negative");
            py::array_t<std::uint64_t> out(n);
            auto* p = out.mutable_data();
            {
              py::gil_scoped_release unlocked;
              s.fill(p, p + n);
            }
            return out;
          },
          py::arg("n"), "The next n words as a numpy.uint64 array.")
      .def("state", &seedkit::stream::state, "The position as a token (\"sk1-...\").")
      .def(
          "set_state",
          [](seedkit::stream& s, const std::string& token) {
            s = seedkit::stream::from_state(token);
          },
          py::arg("token"),
          "Moves this stream to a token's position, in place (the token is checked first: a "
          "bad one raises seedkit.Error and leaves the stream as it was).")
      .def_static("from_state", &seedkit::stream::from_state, py::arg("token"),
                  "The stream at a token's position.")
      .def("key", [](const seedkit::stream& s) { return s.get_key(); })
      .def("__eq__", [](const seedkit::stream& a, const seedkit::stream& b) { return a == b; });

  m.def(
      "init",
      [](std::optional<std::uint64_t> seed) {
        const seedkit::seed_choice c = seed ? seedkit::init(*seed) : seedkit::init();
        return py::make_tuple(c.seed, seedkit::to_string(c.source));
      },
      py::arg("seed") = py::none());
  m.def("reset", &seedkit::reset);
  m.def("initialized", &seedkit::initialized);
  m.def("current_seed", [] {
    const seedkit::seed_choice c = seedkit::current_seed();
    return py::make_tuple(c.seed, seedkit::to_string(c.source));
  });
  m.def("master_key", &seedkit::master_key);
  m.def("key_for", [](const std::string& name) { return seedkit::key_for(name); });
  m.def("seed_for", [](const std::string& name) { return seedkit::seed_for(name); });
  m.def("derived_names", &seedkit::derived_names);
  m.def("replicate_key", &seedkit::replicate_key);

  m.def("exact_sum", [](const py::array& a) {
    return on_array(a, "exact_sum", [](auto f, auto l) { return seedkit::exact_sum(f, l); });
  });
  m.def("pairwise_sum", [](const py::array& a) {
    return on_array(a, "pairwise_sum", [](auto f, auto l) { return seedkit::pairwise_sum(f, l); });
  });
  m.def("compensated_sum", [](const py::array& a) {
    return on_array(a, "compensated_sum",
                    [](auto f, auto l) { return seedkit::compensated_sum(f, l); });
  });
  m.def(
      "sum",
      [](const py::array& a, const std::string& mode) {
        const auto md = mode_of(mode);
        return on_array(a, "sum", [md](auto f, auto l) { return seedkit::sum(f, l, md); });
      },
      py::arg("a"), py::arg("mode") = "pairwise");
  m.def(
      "mean",
      [](const py::array& a, const std::string& mode) {
        const auto md = mode_of(mode);
        return on_array(a, "mean", [md](auto f, auto l) { return seedkit::mean(f, l, md); });
      },
      py::arg("a"), py::arg("mode") = "pairwise");
  m.def(
      "variance",
      [](const py::array& a, const std::string& mode) {
        const auto md = mode_of(mode);
        return on_array(a, "variance",
                        [md](auto f, auto l) { return seedkit::variance(f, l, md); });
      },
      py::arg("a"), py::arg("mode") = "pairwise");
  m.def(
      "parallel_sum",
      [](const py::array& a, const std::string& mode, unsigned threads) {
        const auto md = mode_of(mode);
        return on_array(a, "parallel_sum", [md, threads](auto f, auto l) {
          py::gil_scoped_release unlocked;
          return seedkit::parallel_sum(f, l, md, threads);
        });
      },
      py::arg("a"), py::arg("mode") = "pairwise", py::arg("threads") = 0);
  m.def(
      "dot",
      [](const py::array& x, const py::array& y, const std::string& mode) {
        const auto md = mode_of(mode);
        if (x.ndim() != 1 || y.ndim() != 1 || x.shape(0) != y.shape(0) ||
            !x.dtype().is(y.dtype())) {
          throw seedkit::error(
              "seedkit.dot: pass two one-dimensional arrays of equal length and dtype");
        }
        return on_array(x, "dot", [&](auto f, auto l) {
          using T = std::remove_cv_t<std::remove_pointer_t<decltype(f)>>;
          if (!(y.flags() & py::array::c_style)) {
            throw seedkit::error("seedkit.dot: the second array is not contiguous");
          }
          const auto* yp = static_cast<const T*>(y.data());
          return seedkit::dot(f, l, yp, md);
        });
      },
      py::arg("x"), py::arg("y"), py::arg("mode") = "pairwise");

  // --- Distributions, vectorized: the C++ distribution drawn `size` times
  // from the stream, in order (the same words and values as C++).
  m.def(
      "uniform_real",
      [](seedkit::stream& s, py::ssize_t size, double lo, double hi) {
        return draw<double>(s, size, seedkit::uniform_real<double>(lo, hi), "uniform_real");
      },
      py::arg("stream"), py::arg("size"), py::arg("lo") = 0.0, py::arg("hi") = 1.0);
  m.def(
      "normal",
      [](seedkit::stream& s, py::ssize_t size, double mean, double stddev) {
        return draw<double>(s, size, seedkit::normal<double>(mean, stddev), "normal");
      },
      py::arg("stream"), py::arg("size"), py::arg("mean") = 0.0, py::arg("stddev") = 1.0);
  m.def(
      "truncated_normal",
      [](seedkit::stream& s, py::ssize_t size, double mean, double stddev, double lo, double hi) {
        return draw<double>(s, size, seedkit::truncated_normal<double>(mean, stddev, lo, hi),
                            "truncated_normal");
      },
      py::arg("stream"), py::arg("size"), py::arg("mean") = 0.0, py::arg("stddev") = 1.0,
      py::arg("lo") = -2.0, py::arg("hi") = 2.0);
  m.def(
      "exponential",
      [](seedkit::stream& s, py::ssize_t size, double lambda) {
        return draw<double>(s, size, seedkit::exponential<double>(lambda), "exponential");
      },
      py::arg("stream"), py::arg("size"), py::arg("lam") = 1.0);
  m.def(
      "uniform_int",
      [](seedkit::stream& s, py::ssize_t size, std::int64_t lo, std::int64_t hi) {
        return draw<std::int64_t>(s, size, seedkit::uniform_int<std::int64_t>(lo, hi),
                                  "uniform_int");
      },
      py::arg("stream"), py::arg("size"), py::arg("lo"), py::arg("hi"));
  m.def(
      "bernoulli",
      [](seedkit::stream& s, py::ssize_t size, double p) {
        return draw<bool>(s, size, seedkit::bernoulli(p), "bernoulli");
      },
      py::arg("stream"), py::arg("size"), py::arg("p") = 0.5);
  m.def(
      "discrete",
      [](seedkit::stream& s, py::ssize_t size, std::vector<double> weights) {
        return draw<std::int64_t>(s, size, seedkit::discrete(std::move(weights)), "discrete");
      },
      py::arg("stream"), py::arg("size"), py::arg("weights"));
  m.def(
      "dropout_mask",
      [](seedkit::stream& s, py::ssize_t words, double keep) {
        return draw<std::uint64_t>(s, words, seedkit::dropout_mask(keep), "dropout_mask");
      },
      py::arg("stream"), py::arg("words"), py::arg("keep_probability"));

  // --- Shuffles and data utilities: int64 index arrays.
  m.def(
      "permutation",
      [](seedkit::stream& s, std::size_t n) { return to_array(seedkit::permutation(n, s)); },
      py::arg("stream"), py::arg("n"));
  m.def(
      "sample",
      [](seedkit::stream& s, std::size_t n, std::size_t k) {
        return to_array(seedkit::sample(n, k, s));
      },
      py::arg("stream"), py::arg("n"), py::arg("k"));
  m.def(
      "weighted_sample",
      [](seedkit::stream& s, const std::vector<double>& weights, std::size_t k, bool replace) {
        return to_array(replace ? seedkit::weighted_sample_with_replacement(weights, k, s)
                                : seedkit::weighted_sample_without_replacement(weights, k, s));
      },
      py::arg("stream"), py::arg("weights"), py::arg("k"), py::arg("replace") = false,
      "k indices, index i with probability proportional to weights[i]: with replacement, k "
      "draws of discrete(weights); without, distinct indices in the order drawn (C++ "
      "weighted_sample_with_replacement / weighted_sample_without_replacement).");
  m.def(
      "shuffle",
      [](seedkit::stream& s, py::array a) {
        if (a.ndim() == 0) {
          throw seedkit::error(
              "seedkit.shuffle: the array has 0 dimensions; pass an array of at "
              "least one dimension (its first axis is shuffled)");
        }
        if (!a.writeable()) {
          throw seedkit::error(
              "seedkit.shuffle: the array is read-only; pass a writeable array (it is shuffled "
              "in place)");
        }
        const auto n = static_cast<std::size_t>(a.shape(0));
        // One-dimensional, contiguous, 1 to 8 bytes an item: seedkit::shuffle
        // swaps the items in place. Otherwise the same swaps on the indices,
        // applied along the first axis.
        if (a.ndim() == 1 && (a.flags() & py::array::c_style)) {
          const auto run = [&](auto* p) { seedkit::shuffle(p, p + n, s); };
          switch (a.itemsize()) {
            case 1:
              return run(static_cast<std::uint8_t*>(a.mutable_data()));
            case 2:
              return run(static_cast<std::uint16_t*>(a.mutable_data()));
            case 4:
              return run(static_cast<std::uint32_t*>(a.mutable_data()));
            case 8:
              return run(static_cast<std::uint64_t*>(a.mutable_data()));
            default:
              break;
          }
        }
        std::vector<std::int64_t> order(n);
        for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::int64_t>(i);
        seedkit::shuffle(order.begin(), order.end(), s);
        py::array_t<std::int64_t> idx(static_cast<py::ssize_t>(n), order.data());
        a.attr("__setitem__")(py::ellipsis(), a.attr("__getitem__")(idx));
      },
      py::arg("stream"), py::arg("a"),
      "Shuffles a numpy array in place along its first axis with seedkit::shuffle's swaps: a "
      "becomes a[permutation(stream, len(a))] on the same words.");
  m.def(
      "stratified_k_fold",
      [](const seedkit::key& k, const std::vector<std::int64_t>& labels, std::size_t folds) {
        py::list out;
        for (const auto& f : seedkit::stratified_k_fold(k, labels, folds)) {
          out.append(py::make_tuple(to_array(f.train), to_array(f.validation)));
        }
        return out;
      },
      py::arg("key"), py::arg("labels"), py::arg("folds"),
      "[(train, validation)] per fold, every class spread evenly over the folds (integer "
      "labels; each class needs at least `folds` items).");
  m.def(
      "random_oversample",
      [](const seedkit::key& k, const std::vector<std::int64_t>& labels) {
        return to_array(seedkit::random_oversample(k, labels));
      },
      py::arg("key"), py::arg("labels"),
      "The indices of a class-balanced data set: 0 .. n-1, then extra draws of each smaller "
      "class up to the largest class's size.");
  m.def(
      "split_by_fractions",
      [](const seedkit::key& k, std::size_t n, double tr, double va, double te) {
        const seedkit::split_indices r = seedkit::split_by_fractions(k, n, tr, va, te);
        return py::make_tuple(to_array(r.train), to_array(r.validation), to_array(r.test));
      },
      py::arg("key"), py::arg("n"), py::arg("train"), py::arg("validation"), py::arg("test"));
  m.def(
      "k_fold",
      [](const seedkit::key& k, std::size_t n, std::size_t folds) {
        py::list out;
        for (const auto& f : seedkit::k_fold(k, n, folds)) {
          out.append(py::make_tuple(to_array(f.train), to_array(f.validation)));
        }
        return out;
      },
      py::arg("key"), py::arg("n"), py::arg("folds"));
  m.def(
      "bootstrap",
      [](const seedkit::key& k, std::size_t n, std::optional<std::size_t> m_) {
        const seedkit::bootstrap_indices b = seedkit::bootstrap(k, n, m_ ? *m_ : n);
        return py::make_tuple(to_array(b.sample), to_array(b.out_of_bag));
      },
      py::arg("key"), py::arg("n"), py::arg("m") = py::none());
  m.def(
      "epoch_permutation",
      [](const seedkit::key& k, std::uint64_t epoch, std::size_t n) {
        return to_array(seedkit::epoch_permutation(k, epoch, n));
      },
      py::arg("key"), py::arg("epoch"), py::arg("n"));
  m.def(
      "epoch_shard",
      [](const seedkit::key& k, std::uint64_t epoch, std::size_t n, std::size_t rank,
         std::size_t world, const std::string& tail) {
        return to_array(seedkit::epoch_shard(k, epoch, n, rank, world, tail_of(tail)));
      },
      py::arg("key"), py::arg("epoch"), py::arg("n"), py::arg("rank"), py::arg("world"),
      py::arg("tail") = "pad");

  py::class_<seedkit::index_permutation>(
      m, "index_permutation", "A keyed random-access permutation of range(n) in O(1) memory.")
      .def(py::init<const seedkit::key&, std::uint64_t>(), py::arg("key"), py::arg("n"))
      .def("__len__", [](const seedkit::index_permutation& p) { return p.size(); })
      .def("__getitem__",
           [](const seedkit::index_permutation& p, std::uint64_t i) {
             if (i >= p.size()) throw py::index_error("index_permutation index out of range");
             return p[i];
           })
      .def("inverse",
           [](const seedkit::index_permutation& p, std::uint64_t j) {
             if (j >= p.size()) throw py::index_error("index_permutation value out of range");
             return p.inverse(j);
           })
      .def(
          "copy",
          [](const seedkit::index_permutation& p, std::uint64_t first, std::uint64_t count) {
            if (first > p.size() || count > p.size() - first) {
              throw seedkit::error("seedkit.index_permutation.copy: [first, first + count) = [" +
                                   std::to_string(first) + ", " + std::to_string(first) + " + " +
                                   std::to_string(count) + ") is not within range(" +
                                   std::to_string(p.size()) + ")");
            }
            py::array_t<std::uint64_t> out(static_cast<py::ssize_t>(count));
            p.copy(first, count, out.mutable_data());
            return out;
          },
          py::arg("first"), py::arg("count"));

  py::class_<seedkit::numpy_seed_sequence>(
      m, "seed_sequence", "numpy's SeedSequence, bit for bit (as the C++ numpy_seed_sequence).")
      .def(py::init([](py::object entropy, std::vector<std::uint64_t> spawn_key) {
             // An int (0 to 2^64 - 1) or a list of them, as numpy's
             // SeedSequence(entropy) takes them.
             std::vector<std::uint64_t> words;
             try {
               if (py::isinstance<py::int_>(entropy)) {
                 words.push_back(py::cast<std::uint64_t>(entropy));
               } else {
                 words = py::cast<std::vector<std::uint64_t>>(entropy);
               }
             } catch (const py::cast_error&) {
               throw seedkit::error(
                   "seedkit.seed_sequence: entropy " + std::string(py::repr(entropy)) +
                   " is not an int from 0 to 18446744073709551615 or a list of such ints");
             }
             return seedkit::numpy_seed_sequence(words, spawn_key);
           }),
           py::arg("entropy"), py::arg("spawn_key") = std::vector<std::uint64_t>{})
      .def(
          "generate_state",
          [](const seedkit::numpy_seed_sequence& q, std::size_t n,
             const std::string& dtype) -> py::object {
            if (dtype == "uint32")
              return py::array_t<std::uint32_t>(py::cast(q.generate_state_u32(n)));
            if (dtype == "uint64")
              return py::array_t<std::uint64_t>(py::cast(q.generate_state_u64(n)));
            throw seedkit::error("seedkit.seed_sequence.generate_state: dtype \"" + dtype +
                                 "\"; accepted: \"uint32\", \"uint64\"");
          },
          py::arg("n_words"), py::arg("dtype") = "uint32")
      .def("spawn", &seedkit::numpy_seed_sequence::spawn, py::arg("n"));

  py::class_<numpy_bitgen, std::unique_ptr<numpy_bitgen>>(m, "_numpy_bitgen")
      .def(py::init([](const std::variant<seedkit::key, std::string>& k) {
        return std::make_unique<numpy_bitgen>(key_of(k));
      }))
      .def_property_readonly("capsule",
                             [](py::object self) {
                               auto& g = self.cast<numpy_bitgen&>();
                               // The capsule holds a reference to its generator (its context),
                               // dropped when the capsule goes.
                               PyObject* cap = PyCapsule_New(&g.b, "BitGenerator", [](PyObject* c) {
                                 Py_XDECREF(static_cast<PyObject*>(PyCapsule_GetContext(c)));
                               });
                               if (cap == nullptr) throw py::error_already_set();
                               Py_INCREF(self.ptr());
                               PyCapsule_SetContext(cap, self.ptr());
                               return py::reinterpret_steal<py::object>(cap);
                             })
      .def("random_raw",
           [](numpy_bitgen& g, py::ssize_t n) {
             py::array_t<std::uint64_t> out(n);
             g.s.fill(out.mutable_data(), out.mutable_data() + n);
             return out;
           })
      .def("state", [](const numpy_bitgen& g) { return g.s.state(); })
      .def("set_state", [](numpy_bitgen& g, const std::string& token) {
        g.s = seedkit::stream::from_state(token);
      });

  // --- The manifest: the C++ seedkit::manifest itself; the Python class
  // (python/seedkit/manifest.py) wraps it. Parameters cross as JSON text.
  m.attr("_has_record") = static_cast<bool>(SEEDKIT_PYTHON_RECORD);
#if SEEDKIT_PYTHON_RECORD
  using seedkit::manifest;
  const auto entries = [](const seedkit::fingerprint& f) {
    py::list out;
    for (const auto& e : f.entries) {
      out.append(py::make_tuple(e.name, e.value, seedkit::affects_names(e.affects)));
    }
    return out;
  };
  const auto differences = [](const std::vector<seedkit::manifest_difference>& ds) {
    py::list out;
    for (const auto& d : ds) {
      out.append(py::make_tuple(d.what, d.recorded, d.current, seedkit::affects_names(d.affects)));
    }
    return out;
  };
  py::class_<manifest>(m, "_manifest")
      .def(py::init<>())
      .def_static("capture", &manifest::capture)
      .def_static("from_json", &manifest::from_json, py::arg("text"), py::arg("where") = "<text>")
      .def_static("load", [](const std::string& path) { return manifest::load(path); })
      .def("to_json", &manifest::to_json)
      .def("save", [](const manifest& x, const std::string& path) { x.save(path); })
      .def("save_env", [](const manifest& x) { return x.save(); })
      .def("save_started", &manifest::save_started)
      .def_readwrite("seedkit_version", &manifest::seedkit_version)
      .def_readwrite("stream_version", &manifest::stream_version)
      .def_readwrite("master_seed", &manifest::master_seed)
      .def_property_readonly("source",
                             [](const manifest& x) { return std::string(to_string(x.source)); })
      .def_readonly("streams", &manifest::streams)
      .def_readwrite("complete", &manifest::complete)
      .def_property_readonly("replicate",
                             [](const manifest& x) -> py::object {
                               if (!x.replicate) return py::none();
                               return py::make_tuple(x.replicate->index, x.replicate->vary);
                             })
      .def_readonly("metrics", &manifest::metrics)
      .def("metric", &manifest::metric, py::arg("name"), py::arg("value"))
      .def_property_readonly("fingerprint",
                             [entries](const manifest& x) { return entries(x.environment); })
      .def(
          "add_fingerprint",
          [](manifest& x, const std::string& name, const std::string& value,
             const std::string& affects) {
            if (x.environment.find(name) != nullptr) {
              throw seedkit::error("seedkit.manifest: the fingerprint entry \"" + name +
                                   "\" is there already; a record holds each entry once");
            }
            x.environment.add(name, value, seedkit::affects_from_names(affects));
          },
          py::arg("name"), py::arg("value"), py::arg("affects"))
      .def_property(
          "params_json", [](const manifest& x) { return x.params.dump(); },
          [](manifest& x, const std::string& text) {
            nlohmann::json p =
                seedkit::detail::parse_json(text, "seedkit.manifest: the parameters");
            if (!p.is_object())
              throw seedkit::error("seedkit.manifest: the parameters must be a dict");
            x.params = std::move(p);
          })
      .def(
          "set_json",
          [](manifest& x, const std::string& name, const std::string& text) {
            x.set(name, seedkit::detail::parse_json(
                            text, "seedkit.manifest: the parameter \"" + name + "\""));
          },
          py::arg("name"), py::arg("text"));
  // nlohmann_json's compact dump (keys sorted) of a JSON text: the text the
  // checksum of seedkit's torch checkpoint formats covers, numbers printed
  // as C++ prints them.
  m.def(
      "_json_dump",
      [](const std::string& text) {
        return seedkit::detail::parse_json(text, "seedkit: the JSON text").dump();
      },
      py::arg("text"));
  m.def("_manifest_diff", [differences](const manifest& a, const manifest& b) {
    return differences(seedkit::diff(a, b));
  });
  m.def("_replay_differences", [differences](const manifest& current) {
    return differences(seedkit::replay_differences(current));
  });
  m.def("_require_exact_replay", &seedkit::require_exact_replay);
  m.def("_replayed", [] { return seedkit::replayed(); });
#endif
}
