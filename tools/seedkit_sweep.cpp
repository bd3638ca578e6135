// seedkit-sweep: runs a command once per replicate and reports, per metric,
// whether the result is more than noise.
//
//   seedkit-sweep --replicates 10 [--jobs N] [--seed S] [--vary model/init,data/shuffle]
//                 [--out DIR] [--fail-fast] -- ./train --manifest {manifest}
//   seedkit-sweep --replicates 10 --vary-each model/init,data/shuffle -- ./train ...
//   seedkit-sweep --replicates 10 --compare -- ./train --lr 0.1 -- ./train --lr 0.2
//
// --vary-each runs one replicate set per source (only that subtree varies)
// and one with everything varying, and shows each source's standard
// deviation beside the total's. --compare runs two commands on the same
// replicates (common random numbers) and reports each arm, the paired
// difference B - A with its intervals, the correlation between the arms,
// and how many unpaired replicates per arm would give an interval as narrow.
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
// had fewer than 2 values or a --vary subtree matched no stream the
// command derived, 2 on a usage error, 130 when interrupted (SIGINT or
// SIGTERM: nothing more starts, the running replicates finish, the report
// holds the finished ones and --resume runs the rest). Replicates and derivation:
// docs/derivation.md, "Replicates".
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <cctype>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "seedkit/detail/atomic_file.hpp"
#include "seedkit/global.hpp"
#include "seedkit/record/manifest.hpp"
#include "sweep_stats.hpp"

namespace {

const char* const kUsage =
    "usage: seedkit-sweep --replicates N [--jobs J] [--seed S] [--vary SUBTREES] [--out DIR]\n"
    "                     [--fail-fast] -- COMMAND [ARGS...]\n"
    "       seedkit-sweep --replicates N [...] --vary-each SUBTREES -- COMMAND [ARGS...]\n"
    "       seedkit-sweep --replicates N [...] --compare -- COMMAND_A ... -- COMMAND_B ...\n"
    "  --replicates N      run COMMAND for replicates 0 .. N-1 (N from 2 to 100000)\n"
    "  --jobs J            run J replicates at a time (default 1)\n"
    "  --seed S            the master seed (SEEDKIT_SEED; default: the program's own)\n"
    "  --vary SUBTREES     comma-separated stream subtrees to vary, or all (default all)\n"
    "  --vary-each SOURCES one replicate set per source, and one varying all\n"
    "  --compare           two commands, paired on the same replicates\n"
    "  --out DIR           where manifests, logs and sweep.json go (default sweep)\n"
    "  --fail-fast         stop at the first failed replicate\n"
    "  --resume            keep the replicates DIR/sweep.json says succeeded; run the rest\n"
    "In ARGS, {replicate}, {seed} and {manifest} are replaced per replicate. Metrics\n"
    "come from the manifest (manifest::metric) and from stdout lines\n"
    "\"seedkit-metric NAME VALUE\".\n";

// One set of replicates: a command and the subtrees it varies.
struct arm {
  std::string label;
  std::string vary;
  std::vector<std::string> command;
  std::string dir;  // its manifests and logs
};

struct options {
  std::uint64_t replicates = 0;
  std::uint64_t jobs = 1;
  std::string seed;
  std::string vary = "all";
  std::string vary_each;
  bool compare = false;
  std::string out = "sweep";
  bool fail_fast = false;
  bool resume = false;
  std::vector<arm> arms;
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

// The check a replicate's init() makes, before anything runs.
void check_vary(const std::string& vary, const char* flag) {
  ::setenv("SEEDKIT_REPLICATE", "0", 1);
  ::setenv("SEEDKIT_VARY", vary.c_str(), 1);
  seedkit::replicate_choice check;
  try {
    (void)seedkit::detail::replicate_from_environment(check);
  } catch (const seedkit::error& e) {
    usage_error(std::string(flag) + " " + vary + ": " + e.what());
  }
  ::unsetenv("SEEDKIT_REPLICATE");
  ::unsetenv("SEEDKIT_VARY");
}

std::string dir_name(const std::string& label) {
  std::string d;
  for (const char c : label) d += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return d;
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
    } else if (a == "--vary-each") {
      o.vary_each = value();
    } else if (a == "--compare") {
      o.compare = true;
    } else if (a == "--out") {
      o.out = value();
    } else if (a == "--resume") {
      o.resume = true;
    } else if (a == "--fail-fast") {
      o.fail_fast = true;
    } else {
      usage_error("unknown option " + a);
    }
  }
  std::vector<std::vector<std::string>> commands(1);
  for (; i < argc; ++i) {
    if (o.compare && std::string(argv[i]) == "--" && commands.size() == 1) {
      commands.emplace_back();
    } else {
      commands.back().emplace_back(argv[i]);
    }
  }
  if (o.replicates == 0) usage_error("--replicates is required");
  if (commands.front().empty()) usage_error("no command after --");
  if (o.compare && (commands.size() != 2 || commands.back().empty())) {
    usage_error("--compare needs two commands: -- COMMAND_A ... -- COMMAND_B ...");
  }
  if (o.compare && !o.vary_each.empty()) usage_error("--compare and --vary-each do not combine");
  check_vary(o.vary, "--vary");
  if (!o.vary_each.empty()) {
    if (o.vary != "all") usage_error("--vary and --vary-each do not combine");
    check_vary(o.vary_each, "--vary-each");
    if (o.vary_each == "all") usage_error("--vary-each all: name the sources to compare");
    std::string rest = o.vary_each;
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string source = rest.substr(0, comma);
      o.arms.push_back({source, source, commands.front(), o.out + "/vary-" + dir_name(source)});
      if (comma == std::string::npos) break;
      rest = rest.substr(comma + 1);
    }
    o.arms.push_back({"all (total)", "all", commands.front(), o.out + "/vary-all"});
  } else if (o.compare) {
    o.arms.push_back({"A", o.vary, commands[0], o.out + "/A"});
    o.arms.push_back({"B", o.vary, commands[1], o.out + "/B"});
  } else {
    o.arms.push_back({"all", o.vary, commands.front(), o.out});
  }
  return o;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

struct replicate_run {
  std::size_t arm = 0;
  std::uint64_t index = 0;
  pid_t pid = -1;
  bool done = false;
  std::map<std::string, double> metrics;
  std::vector<std::string> streams;  // the names its manifest says it derived
  std::string problem;               // why it failed, empty when it succeeded

  bool ok() const { return done && problem.empty(); }
};

std::string run_file(const arm& a, std::uint64_t r, const char* ext) {
  return a.dir + "/replicate-" + std::to_string(r) + ext;
}

pid_t start(const options& o, const arm& a, std::uint64_t r) {
  std::vector<std::string> args;
  for (const std::string& x : a.command) {
    args.push_back(
        replace_all(replace_all(replace_all(x, "{replicate}", std::to_string(r)), "{seed}", o.seed),
                    "{manifest}", run_file(a, r, ".json")));
  }
  const std::string log = run_file(a, r, ".log");
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  // The child: environment, output to the log, then the command.
  ::setenv("SEEDKIT_REPLICATE", std::to_string(r).c_str(), 1);
  ::setenv("SEEDKIT_VARY", a.vary.c_str(), 1);
  ::setenv("SEEDKIT_MANIFEST", run_file(a, r, ".json").c_str(), 1);
  if (!o.seed.empty()) ::setenv("SEEDKIT_SEED", o.seed.c_str(), 1);
  if (std::freopen(log.c_str(), "w", stdout) == nullptr || ::dup2(1, 2) < 0) ::_exit(126);
  std::vector<char*> argv;
  for (std::string& x : args) argv.push_back(x.data());
  argv.push_back(nullptr);
  ::execvp(argv[0], argv.data());
  std::fprintf(stderr, "seedkit-sweep: cannot run %s: %s\n", argv[0], std::strerror(errno));
  ::_exit(127);
}

// The metrics of a finished replicate, from its manifest and its log.
void collect(const arm& a, replicate_run& run) {
  const std::string path = run_file(a, run.index, ".json");
  if (std::filesystem::exists(path)) {
    try {
      const seedkit::manifest m = seedkit::manifest::load(path);
      for (const auto& [name, v] : m.metrics) run.metrics[name] = v;
      for (const auto& [name, count] : m.streams) run.streams.push_back(name);
    } catch (const seedkit::error& e) {
      run.problem = e.what();
      return;
    }
  }
  std::ifstream log(run_file(a, run.index, ".log"));
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

// Runs every arm's replicates, `jobs` at a time; returns the number that failed.
// Set by SIGINT / SIGTERM: launch nothing more, wait for what runs, report.
volatile std::sig_atomic_t interrupted = 0;
extern "C" void on_interrupt(int) { interrupted = 1; }

std::uint64_t run_all(const options& o, std::vector<replicate_run>& runs) {
  for (const arm& a : o.arms) {
    std::error_code ec;
    std::filesystem::create_directories(a.dir, ec);
    if (ec) usage_error("cannot create " + a.dir + ": " + ec.message());
  }
  std::size_t next = 0;
  std::uint64_t running = 0, finished = 0, failed = 0;
  bool stop = false;
  while (finished < next || (next < runs.size() && !stop)) {
    if (interrupted) stop = true;
    while (!stop && next < runs.size() && running < o.jobs) {
      if (runs[next].done) {  // kept by --resume
        ++next;
        ++finished;
        continue;
      }
      runs[next].pid = start(o, o.arms[runs[next].arm], runs[next].index);
      if (runs[next].pid < 0) {
        std::fprintf(stderr, "seedkit-sweep: fork failed: %s\n", std::strerror(errno));
        std::exit(2);
      }
      ++next;
      ++running;
    }
    int status = 0;
    if (finished == next) continue;  // every run so far was kept by --resume
    const pid_t pid = ::wait(&status);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (replicate_run& run : runs) {
      if (run.pid != pid || run.done) continue;
      const arm& a = o.arms[run.arm];
      run.done = true;
      --running;
      ++finished;
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        collect(a, run);
      } else {
        run.problem = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                        : "killed by signal " + std::to_string(WTERMSIG(status));
      }
      if (!run.problem.empty()) {
        ++failed;
        // What reruns it: the replicate, its subtrees and the seed.
        std::fprintf(
            stderr,
            "seedkit-sweep: %sreplicate %llu failed (%s); rerun with SEEDKIT_REPLICATE=%llu "
            "SEEDKIT_VARY=%s%s%s; its log: %s\n",
            o.arms.size() > 1 ? (a.label + ": ").c_str() : "",
            static_cast<unsigned long long>(run.index), run.problem.c_str(),
            static_cast<unsigned long long>(run.index), a.vary.c_str(),
            o.seed.empty() ? "" : " SEEDKIT_SEED=", o.seed.c_str(),
            run_file(a, run.index, ".log").c_str());
        if (o.fail_fast) stop = true;
      }
      std::fprintf(stderr, "seedkit-sweep: %llu of %zu replicates done\n",
                   static_cast<unsigned long long>(finished), runs.size());
    }
  }
  return failed;
}

nlohmann::ordered_json summary_json(const seedkit_sweep::summary& s, const std::vector<double>& x) {
  return {{"n", s.n},
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

void print_header(const char* first) {
  fmt::print("{:<16} {:>4} {:>12} {:>11} {:>11} {:>27} {:>27} {:>12} {:>12} {:>12} {:>12}\n", first,
             "n", "mean", "sd", "se", "95% t interval", "95% bootstrap", "median", "IQM", "min",
             "max");
}

void print_row(const std::string& name, const seedkit_sweep::summary& s) {
  fmt::print(
      "{:<16} {:>4} {:>12.6g} {:>11.4g} {:>11.4g} [{:>12.6g}, {:>12.6g}] [{:>12.6g}, "
      "{:>12.6g}] {:>12.6g} {:>12.6g} {:>12.6g} {:>12.6g}\n",
      name, s.n, s.mean, s.sd, s.se, s.t_low, s.t_high, s.boot_low, s.boot_high, s.median, s.iqm,
      s.min, s.max);
}

}  // namespace

int main(int argc, char** argv) {
  const options o = parse(argc, argv);
  std::vector<replicate_run> runs;
  for (std::size_t a = 0; a < o.arms.size(); ++a) {
    for (std::uint64_t r = 0; r < o.replicates; ++r) {
      replicate_run run;
      run.arm = a;
      run.index = r;
      runs.push_back(std::move(run));
    }
  }
  if (o.resume) {
    // Keep the replicates the last report says succeeded, if it is the same sweep.
    const std::string path = o.out + "/sweep.json";
    nlohmann::json last;
    try {
      last = seedkit::detail::parse_json(seedkit::detail::read_file(path, "sweep report"),
                                         "seedkit-sweep: --resume: \"" + path + "\"");
    } catch (const seedkit::error& e) {
      usage_error(std::string(e.what()) + " (nothing to resume)");
    }
    const bool one = o.arms.size() == 1;
    const nlohmann::json arms_j =
        one ? nlohmann::json::array({last}) : last.value("arms", nlohmann::json());
    if (!last.is_object() || last.value("format", "") != "seedkit-sweep" || !arms_j.is_array() ||
        arms_j.size() != o.arms.size() || last.value("replicates", 0ull) != o.replicates ||
        last.value("seed", std::string("?")) != o.seed) {
      usage_error("--resume: " + path +
                  " is not a report of this sweep (another mode, seed, number of arms or "
                  "replicates)");
    }
    for (std::size_t a = 0; a < o.arms.size(); ++a) {
      const nlohmann::json& aj = arms_j[a];
      if (aj.value("vary", "") != o.arms[a].vary ||
          aj.value("command", nlohmann::json()) != nlohmann::json(o.arms[a].command) ||
          !aj.value("runs", nlohmann::json()).is_array()) {
        usage_error("--resume: " + path + " was written by another command or --vary");
      }
      for (const nlohmann::json& r : aj["runs"]) {
        if (!r.is_object() || !r.value("ok", false) ||
            !r.value("replicate", nlohmann::json()).is_number_unsigned())
          continue;
        const auto index = r["replicate"].get<std::uint64_t>();
        if (index >= o.replicates || !r.value("metrics", nlohmann::json()).is_object()) continue;
        replicate_run& run = runs[a * o.replicates + index];
        run.done = true;
        for (const auto& [name, v] : r["metrics"].items()) {
          if (v.is_number()) run.metrics[name] = v.get<double>();
        }
      }
    }
  }
  struct sigaction on_signal {};
  on_signal.sa_handler = on_interrupt;  // no SA_RESTART: wait() returns EINTR
  ::sigaction(SIGINT, &on_signal, nullptr);
  ::sigaction(SIGTERM, &on_signal, nullptr);
  const std::uint64_t failed = run_all(o, runs);

  // Per arm and metric, over the replicates that succeeded, in replicate order.
  std::vector<std::map<std::string, std::vector<double>>> values(o.arms.size());
  std::vector<std::uint64_t> ok(o.arms.size(), 0);
  std::set<std::string> names;
  for (const replicate_run& run : runs) {
    if (!run.ok()) continue;
    ++ok[run.arm];
    for (const auto& [name, v] : run.metrics) {
      values[run.arm][name].push_back(v);
      names.insert(name);
    }
  }

  nlohmann::ordered_json report;
  report["format"] = "seedkit-sweep";
  report["format_version"] = 1;
  report["replicates"] = o.replicates;
  report["seed"] = o.seed;
  report["mode"] = o.compare ? "compare" : !o.vary_each.empty() ? "vary-each" : "sweep";
  bool short_metric = names.empty();
  nlohmann::ordered_json arms = nlohmann::ordered_json::array();
  for (std::size_t a = 0; a < o.arms.size(); ++a) {
    const arm& x = o.arms[a];
    if (o.arms.size() > 1)
      fmt::print("\n== {}: {}\n", o.compare ? "arm " + x.label : "vary " + x.label,
                 fmt::format("{}", fmt::join(x.command, " ")));
    fmt::print("{} of {} replicates succeeded (vary: {}{})\n", ok[a], o.replicates, x.vary,
               o.seed.empty() ? "" : ", seed " + o.seed);
    nlohmann::ordered_json aj;
    aj["label"] = x.label;
    aj["vary"] = x.vary;
    aj["command"] = x.command;
    aj["succeeded"] = ok[a];
    nlohmann::ordered_json per_run = nlohmann::ordered_json::array();
    for (const replicate_run& run : runs) {
      if (run.arm != a) continue;
      nlohmann::ordered_json j;
      j["replicate"] = run.index;
      j["ran"] = run.done;
      j["ok"] = run.ok();
      if (!run.problem.empty()) j["problem"] = run.problem;
      nlohmann::ordered_json m = nlohmann::ordered_json::object();
      for (const auto& [name, v] : run.metrics) m[name] = v;
      j["metrics"] = m;
      per_run.push_back(j);
    }
    aj["runs"] = per_run;
    nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
    print_header("metric");
    for (const auto& [name, xs] : values[a]) {
      if (xs.size() < 2) {
        fmt::print("{:<16} {:>4}   (fewer than 2 values: no interval)\n", name, xs.size());
        short_metric = true;
        continue;
      }
      const seedkit_sweep::summary s = seedkit_sweep::summarize(xs, name);
      print_row(name, s);
      metrics[name] = summary_json(s, xs);
    }
    aj["metrics"] = metrics;
    arms.push_back(aj);
  }
  // A metric some successful replicates did not report: named, with them.
  for (const std::string& name : names) {
    for (std::size_t a = 0; a < o.arms.size(); ++a) {
      std::string missing;
      for (const replicate_run& run : runs) {
        if (run.arm == a && run.ok() && run.metrics.count(name) == 0) {
          missing += (missing.empty() ? "" : ", ") + std::to_string(run.index);
        }
      }
      if (!missing.empty()) {
        short_metric = true;
        std::fprintf(stderr,
                     "seedkit-sweep: %sthe metric \"%s\" is missing from replicate(s) %s, which "
                     "succeeded; it is summarized over the others\n",
                     o.arms.size() > 1 ? (o.arms[a].label + ": ").c_str() : "", name.c_str(),
                     missing.c_str());
      }
    }
  }
  if (names.empty()) {
    fmt::print(
        "(no metrics: record them with manifest::metric or print \"seedkit-metric NAME "
        "VALUE\")\n");
  }
  if (o.arms.size() == 1) {
    // The plain sweep's report keeps its arm's fields at the top level.
    for (const auto& [k, v] : arms[0].items()) report[k] = v;
  } else {
    report["arms"] = arms;
  }

  if (!o.vary_each.empty()) {
    // Variance by source: each source's standard deviation beside the total's.
    fmt::print("\n== standard deviation by source (only that subtree varies)\n");
    nlohmann::ordered_json by = nlohmann::ordered_json::object();
    for (const std::string& name : names) {
      std::string line = fmt::format("{:<16}", name);
      nlohmann::ordered_json row = nlohmann::ordered_json::object();
      for (std::size_t a = 0; a < o.arms.size(); ++a) {
        const auto it = values[a].find(name);
        if (it == values[a].end() || it->second.size() < 2) continue;
        const seedkit_sweep::summary s = seedkit_sweep::summarize(it->second, name);
        line += fmt::format("  {} {:.4g}", o.arms[a].label, s.sd);
        row[o.arms[a].label] = s.sd;
      }
      fmt::print("{}\n", line);
      by[name] = row;
    }
    report["sd_by_source"] = by;
  }

  if (o.compare) {
    // Paired on replicate index: B - A where both succeeded.
    fmt::print("\n== paired difference B - A (common random numbers: same replicates)\n");
    fmt::print("{:<16} {:>4} {:>12} {:>27} {:>27} {:>9} {:>16}\n", "metric", "n", "mean B-A",
               "95% t interval", "95% bootstrap", "corr", "unpaired n/arm");
    nlohmann::ordered_json paired = nlohmann::ordered_json::object();
    for (const std::string& name : names) {
      std::vector<double> a, b, d;
      for (std::uint64_t r = 0; r < o.replicates; ++r) {
        const replicate_run& ra = runs[r];
        const replicate_run& rb = runs[o.replicates + r];
        const auto ia = ra.metrics.find(name), ib = rb.metrics.find(name);
        if (!ra.ok() || !rb.ok() || ia == ra.metrics.end() || ib == rb.metrics.end()) continue;
        a.push_back(ia->second);
        b.push_back(ib->second);
        d.push_back(ib->second - ia->second);
      }
      if (d.size() < 2) {
        fmt::print("{:<16} {:>4}   (fewer than 2 pairs: no interval)\n", name, d.size());
        short_metric = true;
        continue;
      }
      const seedkit_sweep::summary s = seedkit_sweep::summarize(d, name + "/paired");
      const seedkit_sweep::summary sa = seedkit_sweep::summarize(a, name);
      const seedkit_sweep::summary sb = seedkit_sweep::summarize(b, name);
      double cov = 0;
      for (std::size_t i = 0; i < d.size(); ++i) cov += (a[i] - sa.mean) * (b[i] - sb.mean);
      cov /= static_cast<double>(d.size() - 1);
      const double corr = sa.sd > 0 && sb.sd > 0 ? cov / (sa.sd * sb.sd) : 0.0;
      // The unpaired design's variance of the difference of means is
      // (sa^2 + sb^2) / m; the paired one's sd^2 / n: equal when
      // m = n (sa^2 + sb^2) / sd^2 (the t quantiles' difference aside).
      const double unpaired =
          s.sd > 0 ? static_cast<double>(s.n) * (sa.sd * sa.sd + sb.sd * sb.sd) / (s.sd * s.sd)
                   : std::numeric_limits<double>::infinity();
      fmt::print(
          "{:<16} {:>4} {:>12.6g} [{:>12.6g}, {:>12.6g}] [{:>12.6g}, {:>12.6g}] {:>9.4f} "
          "{:>16.1f}\n",
          name, s.n, s.mean, s.t_low, s.t_high, s.boot_low, s.boot_high, corr, unpaired);
      nlohmann::ordered_json j = summary_json(s, d);
      j["correlation"] = corr;
      j["unpaired_replicates_per_arm"] = std::isfinite(unpaired) ? nlohmann::ordered_json(unpaired)
                                                                 : nlohmann::ordered_json(nullptr);
      paired[name] = j;
    }
    report["paired"] = paired;
  }

  // A varied subtree that matches no stream the command derived varies
  // nothing: most likely a typo. Checked where manifests list the streams.
  bool unmatched = false;
  for (std::size_t a = 0; a < o.arms.size(); ++a) {
    std::set<std::string> derived;
    for (const replicate_run& run : runs) {
      if (run.arm == a && run.ok()) derived.insert(run.streams.begin(), run.streams.end());
    }
    if (derived.empty() || o.arms[a].vary == "all") continue;
    std::string rest = o.arms[a].vary;
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string v = rest.substr(0, comma);
      bool any = false;
      for (const std::string& name : derived) any = any || seedkit::detail::in_subtree(name, v);
      if (!any) {
        unmatched = true;
        std::string list;
        for (const std::string& name : derived) list += (list.empty() ? "" : ", ") + name;
        std::fprintf(stderr,
                     "seedkit-sweep: the varied subtree \"%s\" matches no stream the command "
                     "derived, so it varied nothing (a typo?); it derived: %s\n",
                     v.c_str(), list.c_str());
        report["unmatched_subtrees"].push_back(v);
      }
      if (comma == std::string::npos) break;
      rest = rest.substr(comma + 1);
    }
  }
  if (interrupted) {
    report["interrupted"] = true;
    fmt::print("interrupted: the finished replicates are in the report; --resume runs the rest\n");
  }
  try {
    seedkit::detail::write_file_atomically(o.out + "/sweep.json", report.dump(1) + "\n",
                                           "sweep report");
  } catch (const seedkit::error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  fmt::print("wrote {}/sweep.json\n", o.out);
  if (interrupted) return 130;
  return failed == 0 && !short_metric && !unmatched ? 0 : 1;
}
