// `dot -Tsvg` as a child process (child_process.hpp): the DOT text goes through a temporary file,
// so that writing it can never block on a full pipe.
#include "graphviz.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "child_process.hpp"

namespace backtriage::cli {

namespace {

/// Removes a temporary file however the function returns.
struct TempFile {
  std::string path;
  int fd = -1;
  TempFile() {
    std::error_code ec;
    const auto dir = std::filesystem::temp_directory_path(ec);
    std::string pattern = (ec ? std::string("/tmp") : dir.string()) + "/backtriage-graph-XXXXXX";
    fd = ::mkstemp(pattern.data());
    if (fd >= 0) path = pattern;
  }
  ~TempFile() {
    if (fd >= 0) ::close(fd);
    if (!path.empty()) ::unlink(path.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

bool write_all(int fd, const std::string& text) {
  for (size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::optional<std::string> render_svg(const std::string& dot_text, std::string& why_not, int timeout_ms) {
  TempFile input;
  if (input.fd < 0 || !write_all(input.fd, dot_text)) {
    why_not = fmt::format("cannot write a temporary file for Graphviz: {}", std::strerror(errno));
    return std::nullopt;
  }
  bool not_found = false;
  const auto run = run_child({"dot", "-Tsvg", input.path}, why_not, not_found, timeout_ms, size_t{256} << 20);
  if (!run) {
    if (not_found) why_not = "Graphviz (dot) is not installed";
    return std::nullopt;
  }
  if (run->timed_out) {
    why_not = fmt::format("Graphviz took longer than {} s and was stopped", timeout_ms / 1000);
    return std::nullopt;
  }
  if (not_found) {
    why_not = "Graphviz (dot) is not installed";
    return std::nullopt;
  }
  if (run->too_much || run->exit_status != 0) {
    why_not = "Graphviz (dot) failed on the rule graph";
    return std::nullopt;
  }
  return run->out;
}

}  // namespace backtriage::cli
