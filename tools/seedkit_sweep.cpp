// seedkit-sweep: runs a command once per replicate and reports, per metric,
// whether the result is more than noise.
//
//   seedkit-sweep --replicates 10 [--jobs N] [--seed S] [--vary model/init,data/shuffle]
//                 [--out DIR] [--fail-fast] -- ./train --manifest {manifest}
//
// Replicate r runs with SEEDKIT_REPLICATE=r, SEEDKIT_VARY (the --vary
// subtrees, default all), SEEDKIT_SEED=S when --seed is given, and
// SEEDKIT_MANIFEST=DIR/replicate-r.json; "{replicate}", "{seed}" and
// "{manifest}" in the arguments are replaced by r, S and that path. Its
// stdout and stderr go to DIR/replicate-r.log. Its metrics are read from
// the manifest's "metrics" (manifest::metric) and from lines
// "seedkit-metric NAME VALUE" on its stdout. Per metric: n, mean, standard
// deviation, standard error, the 95% Student t and percentile-bootstrap
// intervals of the mean (the bootstrap drawn from a seedkit stream, so the
// interval is reproducible), median, interquartile mean, min and max;
// written to DIR/sweep.json as well. A replicate that fails is reported with
// its exit status and the sweep goes on (--fail-fast stops it). Exit
// status: 0 when every replicate succeeded, 1 when some failed or a metric
// had fewer than 2 values, 2 on a usage error. Replicates and derivation:
// docs/derivation.md, "Replicates".
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "seedkit/detail/atomic_file.hpp"
#include "seedkit/global.hpp"
#include "seedkit/record/manifest.hpp"
#include "sweep_stats.hpp"

namespace {

const char* const kUsage =
    "usage: seedkit-sweep --replicates N [--jobs J] [--seed S] [--vary SUBTREES] [--out DIR]\n"
    "                     [--fail-fast] -- COMMAND [ARGS...]\n"
    "  --replicates N   run COMMAND for replicates 0 .. N-1 (N from 2 to 100000)\n"
    "  --jobs J         run J replicates at a time (default 1)\n"
    "  --seed S         the master seed (SEEDKIT_SEED; default: the program's own)\n"
    "  --vary SUBTREES  comma-separated stream subtrees to vary, or all (default all)\n"
    "  --out DIR        where manifests, logs and sweep.json go (default sweep)\n"
    "  --fail-fast      stop at the first failed replicate\n"
    "In ARGS, {replicate}, {seed} and {manifest} are replaced per replicate. Metrics\n"
    "come from the manifest (manifest::metric) and from stdout lines\n"
    "\"seedkit-metric NAME VALUE\".\n";

struct options {
  std::uint64_t replicates = 0;
  std::uint64_t jobs = 1;
  std::string seed;
  std::string vary = "all";
  std::string out = "sweep";
  bool fail_fast = false;
  std::vector<std::string> command;
};

[[noreturn]] void usage_error(const std::string& why) {
  std::fprintf(stderr, "seedkit-sweep: %s\n%s", why.c_str(), kUsage);
  std::exit(2);
}

std::uint64_t parse_count(const std::string& text, const char* flag, std::uint64_t lo,
                          std::uint64_t hi) {
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string::npos || std::stoull(text) < lo ||
      std::stoull(text) > hi) {
    usage_error(std::string(flag) + " " + text + ": expected an integer from " +
                std::to_string(lo) + " to " + std::to_string(hi));
  }
  return std::stoull(text);
}

options parse(int argc, char** argv) {
  options o;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--") {
      ++i;
      break;
    } else if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (a == "--replicates") {
      o.replicates = parse_count(value(), "--replicates", 2, 100000);
    } else if (a == "--jobs") {
      o.jobs = parse_count(value(), "--jobs", 1, 1024);
    } else if (a == "--seed") {
      o.seed = value();
      try {
        (void)seedkit::parse_seed(o.seed, "--seed");
      } catch (const seedkit::error& e) {
        usage_error(e.what());
      }
    } else if (a == "--vary") {
      o.vary = value();
    } else if (a == "--out") {
      o.out = value();
    } else if (a == "--fail-fast") {
      o.fail_fast = true;
    } else {
      usage_error("unknown option " + a);
    }
  }
  for (; i < argc; ++i) o.command.emplace_back(argv[i]);
  if (o.replicates == 0) usage_error("--replicates is required");
  if (o.command.empty()) usage_error("no command after --");
  // The same check a replicate's init() makes, before anything runs.
  ::setenv("SEEDKIT_REPLICATE", "0", 1);
  ::setenv("SEEDKIT_VARY", o.vary.c_str(), 1);
  seedkit::replicate_choice check;
  try {
    (void)seedkit::detail::replicate_from_environment(check);
  } catch (const seedkit::error& e) {
    usage_error(std::string("--vary ") + o.vary + ": " + e.what());
  }
  ::unsetenv("SEEDKIT_REPLICATE");
  ::unsetenv("SEEDKIT_VARY");
  return o;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

struct replicate_run {
  std::uint64_t index = 0;
  pid_t pid = -1;
  int status = 0;  // as from waitpid
  bool done = false;
  std::map<std::string, double> metrics;
  std::string problem;  // why it failed, empty when it succeeded
};

std::string manifest_path(const options& o, std::uint64_t r) {
  return o.out + "/replicate-" + std::to_string(r) + ".json";
}

pid_t start(const options& o, std::uint64_t r) {
  std::vector<std::string> args;
  for (const std::string& a : o.command) {
    args.push_back(
        replace_all(replace_all(replace_all(a, "{replicate}", std::to_string(r)), "{seed}", o.seed),
                    "{manifest}", manifest_path(o, r)));
  }
  const std::string log = o.out + "/replicate-" + std::to_string(r) + ".log";
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  // The child: environment, output to the log, then the command.
  ::setenv("SEEDKIT_REPLICATE", std::to_string(r).c_str(), 1);
  ::setenv("SEEDKIT_VARY", o.vary.c_str(), 1);
  ::setenv("SEEDKIT_MANIFEST", manifest_path(o, r).c_str(), 1);
  if (!o.seed.empty()) ::setenv("SEEDKIT_SEED", o.seed.c_str(), 1);
  if (std::freopen(log.c_str(), "w", stdout) == nullptr || ::dup2(1, 2) < 0) ::_exit(126);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execvp(argv[0], argv.data());
  std::fprintf(stderr, "seedkit-sweep: cannot run %s: %s\n", argv[0], std::strerror(errno));
  ::_exit(127);
}

// The metrics of a finished replicate, from its manifest and its log.
void collect(const options& o, replicate_run& run) {
  const std::string path = manifest_path(o, run.index);
  if (std::filesystem::exists(path)) {
    try {
      const seedkit::manifest m = seedkit::manifest::load(path);
      for (const auto& [name, v] : m.metrics) run.metrics[name] = v;
    } catch (const seedkit::error& e) {
      run.problem = e.what();
      return;
    }
  }
  std::ifstream log(o.out + "/replicate-" + std::to_string(run.index) + ".log");
  std::string line;
  while (std::getline(log, line)) {
    if (line.rfind("seedkit-metric ", 0) != 0) continue;
    std::istringstream in(line.substr(15));
    std::string name, value;
    in >> name >> value;
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (name.empty() || value.empty() || *end != '\0' || !std::isfinite(v)) {
      run.problem = "a malformed metric line: \"" + line +
                    "\" (expected \"seedkit-metric NAME VALUE\" with a finite number)";
      return;
    }
    run.metrics[name] = v;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const options o = parse(argc, argv);
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) usage_error("cannot create --out " + o.out + ": " + ec.message());

  std::vector<replicate_run> runs(o.replicates);
  for (std::uint64_t r = 0; r < o.replicates; ++r) runs[r].index = r;
  std::uint64_t next = 0, running = 0, finished = 0, failed = 0;
  bool stop = false;
  while (finished < next || (next < o.replicates && !stop)) {
    while (!stop && next < o.replicates && running < o.jobs) {
      runs[next].pid = start(o, next);
      if (runs[next].pid < 0) {
        std::fprintf(stderr, "seedkit-sweep: fork failed: %s\n", std::strerror(errno));
        return 2;
      }
      ++next;
      ++running;
    }
    int status = 0;
    const pid_t pid = ::wait(&status);
    if (pid < 0) break;
    for (replicate_run& run : runs) {
      if (run.pid != pid || run.done) continue;
      run.done = true;
      run.status = status;
      --running;
      ++finished;
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        collect(o, run);
      } else {
        run.problem = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                        : "killed by signal " + std::to_string(WTERMSIG(status));
      }
      if (!run.problem.empty()) {
        ++failed;
        std::fprintf(stderr,
                     "seedkit-sweep: replicate %llu failed (%s); its log: %s/replicate-%llu.log\n",
                     static_cast<unsigned long long>(run.index), run.problem.c_str(), o.out.c_str(),
                     static_cast<unsigned long long>(run.index));
        if (o.fail_fast) stop = true;
      }
      std::fprintf(stderr, "seedkit-sweep: %llu of %llu replicates done\n",
                   static_cast<unsigned long long>(finished),
                   static_cast<unsigned long long>(o.replicates));
    }
  }

  // Per metric, over the replicates that succeeded, in replicate order.
  std::map<std::string, std::vector<double>> values;
  std::uint64_t ok = 0;
  for (const replicate_run& run : runs) {
    if (!run.done || !run.problem.empty()) continue;
    ++ok;
    for (const auto& [name, v] : run.metrics) values[name].push_back(v);
  }
  nlohmann::ordered_json report;
  report["format"] = "seedkit-sweep";
  report["format_version"] = 1;
  report["replicates"] = o.replicates;
  report["succeeded"] = ok;
  report["seed"] = o.seed;
  report["vary"] = o.vary;
  report["command"] = o.command;
  nlohmann::ordered_json per_run = nlohmann::ordered_json::array();
  for (const replicate_run& run : runs) {
    nlohmann::ordered_json j;
    j["replicate"] = run.index;
    j["ran"] = run.done;
    j["ok"] = run.done && run.problem.empty();
    if (!run.problem.empty()) j["problem"] = run.problem;
    nlohmann::ordered_json m = nlohmann::ordered_json::object();
    for (const auto& [name, v] : run.metrics) m[name] = v;
    j["metrics"] = m;
    per_run.push_back(j);
  }
  report["runs"] = per_run;

  fmt::print("{} of {} replicates succeeded (vary: {}{})\n", ok, o.replicates, o.vary,
             o.seed.empty() ? "" : ", seed " + o.seed);
  bool short_metric = false;
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  fmt::print("{:<16} {:>4} {:>12} {:>11} {:>11} {:>27} {:>27} {:>12} {:>12} {:>12} {:>12}\n",
             "metric", "n", "mean", "sd", "se", "95% t interval", "95% bootstrap", "median", "IQM",
             "min", "max");
  for (const auto& [name, x] : values) {
    if (x.size() < 2) {
      fmt::print("{:<16} {:>4}   (fewer than 2 values: no interval)\n", name, x.size());
      short_metric = true;
      continue;
    }
    const seedkit_sweep::summary s = seedkit_sweep::summarize(x, name);
    fmt::print(
        "{:<16} {:>4} {:>12.6g} {:>11.4g} {:>11.4g} [{:>12.6g}, {:>12.6g}] [{:>12.6g}, "
        "{:>12.6g}] {:>12.6g} {:>12.6g} {:>12.6g} {:>12.6g}\n",
        name, s.n, s.mean, s.sd, s.se, s.t_low, s.t_high, s.boot_low, s.boot_high, s.median, s.iqm,
        s.min, s.max);
    metrics[name] = {{"n", s.n},
                     {"mean", s.mean},
                     {"sd", s.sd},
                     {"se", s.se},
                     {"t95", {s.t_low, s.t_high}},
                     {"bootstrap95", {s.boot_low, s.boot_high}},
                     {"median", s.median},
                     {"iqm", s.iqm},
                     {"min", s.min},
                     {"max", s.max},
                     {"values", x}};
  }
  if (values.empty()) {
    fmt::print(
        "(no metrics: record them with manifest::metric or print \"seedkit-metric NAME "
        "VALUE\")\n");
  }
  report["metrics"] = metrics;
  try {
    seedkit::detail::write_file_atomically(o.out + "/sweep.json", report.dump(1) + "\n",
                                           "sweep report");
  } catch (const seedkit::error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  fmt::print("wrote {}/sweep.json\n", o.out);
  return failed == 0 && !short_metric && !values.empty() ? 0 : 1;
}
