// `dot -Tsvg` as a child process: the DOT text goes through a temporary file (so that writing it
// can never block on a full pipe) and the SVG comes back on a pipe, read until dot exits.
#include "graphviz.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

extern char** environ;

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
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    why_not = fmt::format("cannot start Graphviz: {}", std::strerror(errno));
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::string arg0 = "dot", arg1 = "-Tsvg";
  char* argv[] = {arg0.data(), arg1.data(), input.path.data(), nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(out[0]);
    why_not = spawned == ENOENT ? "Graphviz (dot) is not installed" : fmt::format("cannot start dot: {}", std::strerror(spawned));
    return std::nullopt;
  }
  std::string svg;
  bool timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (char buf[65536];;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    pollfd p{out[0], POLLIN, 0};
    const int ready = left > 0 ? ::poll(&p, 1, static_cast<int>(left)) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    svg.append(buf, static_cast<size_t>(n));
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    why_not = fmt::format("Graphviz took longer than {} s and was stopped", timeout_ms / 1000);
    return std::nullopt;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    why_not = "Graphviz (dot) is not installed";
    return std::nullopt;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    why_not = "Graphviz (dot) failed on the rule graph";
    return std::nullopt;
  }
  return svg;
}

}  // namespace backtriage::cli
