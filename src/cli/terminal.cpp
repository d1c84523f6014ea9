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
  // 64 KiB a read: at 512 bytes, reading was a system call every line of a batch, a third of its
  // time. A terminal or a pipe returns what it has; the rest of the buffer is left for later.
  // A read fills the room the buffer has, and the buffer grows (its capacity doubling, as a
  // string's does) only when a line fills it; then, near the line limit, reads are of 512 bytes,
  // so that it holds at most one line over the limit and 512 bytes, as it did when every read was
  // of 512 bytes (a batch's peak memory is bounded, tests/cli/batch_hostile_lines.sh).
  constexpr size_t kReadBytes = size_t{64} << 10;
  const size_t had = buffer_.size();
  const size_t room = buffer_.capacity() - had;
  const size_t want = room >= 512 ? std::min(room, kReadBytes)
                                  : std::clamp(max_ + 1 > had ? max_ + 1 - had : 0, size_t{512}, kReadBytes);
  for (;;) {
    if (g_interrupted) return false;
    buffer_.resize(had + want);
    const ssize_t n = ::read(fd_, buffer_.data() + had, want);
    buffer_.resize(had + static_cast<size_t>(std::max<ssize_t>(n, 0)));
    if (n > 0) return true;
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
  size_t searched = next_;  // the bytes of buffer_ from next_ on known to hold no newline
  for (;;) {
    // Searching only what is new keeps a long line linear, not quadratic, in its length.
    const size_t nl = buffer_.find('\n', searched);
    searched = buffer_.size();
    if (nl != std::string::npos) {
      // The line stays in the buffer until the next fill: taking it costs one copy, not a move
      // of everything after it.
      const size_t start = next_;
      size_t end = nl;
      next_ = nl + 1;
      if (end > start && buffer_[end - 1] == '\r') --end;
      if (overflow || end - start > max_) {
        line.clear();
        return Status::too_long;
      }
      line.assign(buffer_, start, end - start);
      return Status::line;
    }
    // Keep memory bounded: drop the rest of this line as it comes. (One byte more than the limit
    // may be a CR that leaves with the newline: whether a line fits never depends on how its
    // bytes were split between reads; fuzz/line_reader.cpp.)
    if (buffer_.size() - next_ > max_ + 1) {
      overflow = true;
      buffer_.clear();
      next_ = searched = 0;
    }
    if (next_ > 0) {  // the lines taken leave before the buffer grows
      buffer_.erase(0, next_);
      searched -= next_;
      next_ = 0;
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
