// seedkit/detail/atomic_file.hpp: write a whole file or nothing.
//
// The text goes to a temporary file in the target's directory, which is
// flushed, closed and then renamed over the target: readers see the old file
// or the new one, never a half-written one. Host-only, POSIX rename
// semantics (atomic within one file system).
#ifndef SEEDKIT_DETAIL_ATOMIC_FILE_HPP
#define SEEDKIT_DETAIL_ATOMIC_FILE_HPP

#include <atomic>        // atomic
#include <cerrno>        // errno
#include <cstdio>        // remove, rename
#include <cstring>       // strerror
#include <filesystem>    // status, is_regular_file, is_directory
#include <system_error>  // error_code
#include <fstream>       // ifstream, ofstream
#include <random>        // random_device
#include <sstream>       // ostringstream
#include <string>        // string

#include "seedkit/config.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

// Replaces `path` with `text` atomically; `what` names the file's role in
// error messages ("manifest", "trace"). Throws seedkit::error and leaves any
// existing file untouched when anything fails.
inline void write_file_atomically(const std::string& path, const std::string& text,
                                  const char* what) {
  if (path.empty()) throw error(std::string("seedkit: cannot write the ") + what + ": empty path");
  // Only a regular file (or nothing) is replaced: renaming over a device
  // such as /dev/full (as root) or a directory would destroy it.
  {
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    if (!ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
      throw error(std::string("seedkit: cannot write the ") + what + " \"" + path +
                  "\": it exists and is not a regular file (a directory, device or pipe); "
                  "accepted: a new path or an existing regular file");
    }
  }
  static std::atomic<unsigned> counter{0};
  std::ostringstream tmp_name;
  tmp_name << path << ".tmp." << std::random_device{}() << "." << counter.fetch_add(1);
  const std::string tmp = tmp_name.str();
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw error(std::string("seedkit: cannot write the ") + what + " \"" + path +
                  "\": cannot create \"" + tmp + "\" (" + std::strerror(errno) + ")");
    }
    errno = 0;
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    out.close();  // the last bytes reach the file here: a full disk shows now
    if (out.fail()) {
      const std::string why = errno != 0 ? std::strerror(errno) : "unknown reason";
      std::remove(tmp.c_str());
      throw error(std::string("seedkit: cannot write the ") + what + " \"" + path +
                  "\": writing \"" + tmp + "\" failed (" + why + ")");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw error(std::string("seedkit: cannot write the ") + what + " \"" + path +
                "\": renaming the temporary file failed (" + why + ")");
  }
}

// The whole content of `path`; throws seedkit::error naming the role and the
// path when it cannot be read.
inline std::string read_file(const std::string& path, const char* what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw error(std::string("seedkit: cannot read the ") + what + " \"" + path +
                "\": it is a directory; accepted: a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw error(std::string("seedkit: cannot read the ") + what + " \"" + path + "\" (" +
                std::strerror(errno) + ")");
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DETAIL_ATOMIC_FILE_HPP
