// Fuzz target: the line reader that batch and ask read with (src/cli/terminal.hpp), over a stream
// whose reads the input scripts through a shim (the target links with --wrap=read): chunks of any
// size, EAGAIN and EINTR between them, and an EIO at any byte. Whatever the chunks and faults,
// the reader must give exactly what a plain split of the bytes delivered gives: every complete
// line (a CR before its newline dropped) or, over the limit, one too_long for it, never a piece of
// one; then the last line without a newline, and the end; or, after an EIO, Status::error with
// EIO and never the end of input.
//
// Input: byte 0, the line limit (1 to 64); byte 1, a fault every 2 to 5 reads (or none), EAGAIN
// and EINTR in turn; bytes 2-3, where the EIO falls (high bit of byte 2 clear: no EIO); byte 4,
// the seed of the chunk sizes; the rest is the stream.
#include <sys/types.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common.hpp"
#include "terminal.hpp"

namespace {

constexpr int kScriptedFd = 1000;  // never open here: poll() on it returns at once (POLLNVAL)

struct Script {
  std::string_view data;
  size_t pos = 0;
  size_t eio_at = std::string_view::npos;  // the EIO comes on the first read at or after this byte
  bool eio_given = false;
  unsigned fault_every = 0;
  unsigned calls = 0;
  std::uint32_t seed = 0;
};
Script g_script;

using Status = backtriage::cli::LineReader::Status;
using Output = std::vector<std::pair<Status, std::string>>;

/// What the reader must give for the bytes delivered, limit max.
Output expected(std::string_view delivered, size_t max, bool ends_in_eio) {
  Output out;
  size_t start = 0;
  for (size_t nl = delivered.find('\n'); nl != std::string_view::npos; nl = delivered.find('\n', start)) {
    std::string line(delivered.substr(start, nl - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > max)
      out.emplace_back(Status::too_long, "");
    else
      out.emplace_back(Status::line, std::move(line));
    start = nl + 1;
  }
  if (ends_in_eio) {
    out.emplace_back(Status::error, "");
    return out;
  }
  const std::string_view rest = delivered.substr(start);
  if (!rest.empty()) out.emplace_back(rest.size() > max ? Status::too_long : Status::line, rest.size() > max ? "" : std::string(rest));
  out.emplace_back(Status::eof, "");
  return out;
}

const char* name(Status s) {
  switch (s) {
    case Status::line: return "line";
    case Status::eof: return "eof";
    case Status::interrupted: return "interrupted";
    case Status::too_long: return "too_long";
    case Status::error: return "error";
  }
  return "?";
}

}  // namespace

extern "C" ssize_t __real_read(int fd, void* buf, size_t count);

extern "C" ssize_t __wrap_read(int fd, void* buf, size_t count) {
  if (fd != kScriptedFd) return __real_read(fd, buf, count);
  Script& s = g_script;
  ++s.calls;
  if (!s.eio_given && s.pos >= s.eio_at) {
    s.eio_given = true;
    errno = EIO;
    return -1;
  }
  if (s.fault_every != 0 && s.calls % s.fault_every == 0) {
    errno = (s.calls / s.fault_every) % 2 ? EAGAIN : EINTR;
    return -1;
  }
  if (s.pos == s.data.size()) return 0;
  s.seed = s.seed * 1103515245u + 12345u;
  size_t k = 1 + (s.seed >> 16) % 700;  // sometimes more than the reader asks for
  k = std::min({k, count, s.data.size() - s.pos});
  if (s.eio_at > s.pos) k = std::min(k, s.eio_at - s.pos);
  std::memcpy(buf, s.data.data() + s.pos, k);
  s.pos += k;
  return static_cast<ssize_t>(k);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 5) return 0;
  const size_t max = 1 + data[0] % 64;
  g_script = Script{};
  g_script.data = std::string_view(reinterpret_cast<const char*>(data) + 5, size - 5);
  g_script.fault_every = data[1] % 5 == 0 ? 0 : data[1] % 5 + 1;  // never every read: data must come
  if (data[2] & 0x80) g_script.eio_at = std::min(g_script.data.size(), static_cast<size_t>((data[2] & 0x7F) << 8 | data[3]));
  g_script.seed = data[4];
  const bool eio = g_script.eio_at != std::string_view::npos;
  const Output want = expected(g_script.data.substr(0, eio ? g_script.eio_at : std::string_view::npos), max, eio);

  backtriage::cli::LineReader reader(kScriptedFd, max);
  Output got;
  std::string line;
  for (;;) {
    const Status st = reader.read(line);
    got.emplace_back(st, st == Status::line ? line : "");
    if (st == Status::eof || st == Status::error || st == Status::interrupted || got.size() > want.size()) break;
  }
  for (size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
    if (i >= got.size() || i >= want.size() || got[i] != want[i])
      backtriage::fuzz::broken("result " + std::to_string(i + 1) + ": got " +
                               (i < got.size() ? std::string(name(got[i].first)) + " '" + got[i].second + "'" : "nothing") +
                               ", want " +
                               (i < want.size() ? std::string(name(want[i].first)) + " '" + want[i].second + "'" : "nothing"));
  }
  if (eio && reader.error_number() != EIO) backtriage::fuzz::broken("the error is not the EIO given");
  if (!eio && reader.read(line) != Status::eof) backtriage::fuzz::broken("a read after the end is not the end");
  return 0;
}
