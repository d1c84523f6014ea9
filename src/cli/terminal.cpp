// Signal handling, line input and colour decisions for the CLI.
#include "terminal.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ostream>

namespace backtriage::cli {

namespace {
volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_sigint(int) { g_interrupted = 1; }
}  // namespace

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

bool use_color(ColorMode mode, int fd) {
  if (mode == ColorMode::always) return true;
  if (mode == ColorMode::never) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return is_terminal(fd);
}

size_t screen_width(int fd) {
  size_t columns = 0;
  winsize ws{};
  if (is_terminal(fd) && ::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) columns = ws.ws_col;
  if (columns == 0) {
    const char* env = std::getenv("COLUMNS");
    if (env && *env) {
      char* end = nullptr;
      const unsigned long n = std::strtoul(env, &end, 10);
      if (*end == '\0' && n > 0 && n < 100000) columns = n;
    }
  }
  if (columns == 0) columns = 80;
  return std::clamp<size_t>(columns, 20, 100);
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocked read() returns EINTR
  sigaction(SIGINT, &sa, nullptr);
  ignore_broken_pipe_signal();
}

void ignore_broken_pipe_signal() { std::signal(SIGPIPE, SIG_IGN); }

bool interrupted() { return g_interrupted != 0; }

namespace {
bool g_stdin_was_closed = false;
}

void guard_standard_streams() {
  // A closed 0, 1 or 2 would be taken by the next file opened: an --output file read as the
  // cases, or the cases' results written into a rule file. Each is held by /dev/null opened the
  // wrong way round, so that reading standard input or writing standard output fails and says so.
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    if (fd == 0) g_stdin_was_closed = true;
    const int held = ::open("/dev/null", (fd == 0 ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
    if (held >= 0 && held != fd) {  // cannot happen (the lowest free descriptor is fd), but never leak it
      ::dup2(held, fd);
      ::close(held);
    }
  }
}

bool standard_input_was_closed() { return g_stdin_was_closed; }

bool LineReader::fill() {
  char chunk[512];
  for (;;) {
    if (g_interrupted) return false;
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno == EINTR) continue;  // the loop re-checks g_interrupted
    if (errno == EAGAIN || errno == EWOULDBLOCK) {  // non-blocking input: wait for it, it is not the end
      struct pollfd p {};
      p.fd = fd_;
      p.events = POLLIN;
      if (::poll(&p, 1, -1) >= 0 || errno == EINTR) continue;
    }
    error_ = errno;
    eof_ = true;
    return false;
  }
}

LineReader::Status LineReader::read(std::string& line) {
  bool overflow = false;
  size_t searched = 0;  // the bytes of buffer_ already known to hold no newline
  for (;;) {
    // Searching only what is new keeps a long line linear, not quadratic, in its length.
    const size_t nl = buffer_.find('\n', searched);
    searched = buffer_.size();
    if (nl != std::string::npos) {
      line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (overflow || line.size() > max_) {
        line.clear();
        return Status::too_long;
      }
      return Status::line;
    }
    // Keep memory bounded: drop the rest of this line as it comes. (One byte more than the limit
    // may be a CR that leaves with the newline: whether a line fits never depends on how its
    // bytes were split between reads; fuzz/line_reader.cpp.)
    if (buffer_.size() > max_ + 1) {
      overflow = true;
      buffer_.clear();
      searched = 0;
    }
    if (eof_ || !fill()) {
      if (g_interrupted) return Status::interrupted;
      if (error_ != 0) return Status::error;
      if (!buffer_.empty() && !overflow) {  // a last line without a newline
        line = std::move(buffer_);
        buffer_.clear();
        return line.size() > max_ ? Status::too_long : Status::line;
      }
      // The end of an over-long last line: all of it was the one line reported, nothing is left.
      buffer_.clear();
      return overflow ? Status::too_long : Status::eof;
    }
  }
}

LineReader::Status PlainPromptReader::read(std::string& line, const std::string& prompt) {
  screen_ << prompt << std::flush;
  return in_.read(line);
}

}  // namespace backtriage::cli
