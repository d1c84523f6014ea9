// Buffered, atomic output for batch results and reports.
#include "output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "diagnostics.hpp"

namespace backtriage::cli {

Output::Output(std::string path, bool private_file) : path_(std::move(path)) {
  if (path_.empty()) return;
  const std::filesystem::path target(path_);
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  temp_ = (dir / fmt::format(".{}.tmp.XXXXXX", target.filename().string())).string();
  fd_ = ::mkstemp(temp_.data());
  if (fd_ < 0)
    throw Error(fmt::format("{}: cannot create the output file: {}", path_, std::strerror(errno)), ExitCode::other);
  // mkstemp makes the file private (0600); a result should otherwise have the usual permissions.
  if (private_file) return;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, 0666 & ~mask);
}

Output::~Output() {
  if (path_.empty()) {
    if (!failed_) flush();
    return;
  }
  if (!committed_) {
    ::close(fd_);
    ::unlink(temp_.c_str());
  }
}

bool Output::write(std::string_view text) {
  if (failed_) return false;
  buffer_.append(text);
  return buffer_.size() < (size_t{1} << 16) || flush();
}

bool Output::flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      broken_pipe_ = errno == EPIPE;
      error_ = std::strerror(errno);
      failed_ = true;
      buffer_.clear();
      return false;
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return true;
}

bool Output::commit() {
  if (!flush()) return false;
  if (path_.empty()) return true;
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    error_ = std::strerror(errno);
    failed_ = true;
    ::unlink(temp_.c_str());
    committed_ = true;
    return false;
  }
  committed_ = true;
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    error_ = std::strerror(errno);
    ::unlink(temp_.c_str());
    return false;
  }
  return true;
}

void write_document(const std::string& path, std::string_view text, std::ostream& out, std::string_view what) {
  if (path.empty()) {
    out << text;
    out.flush();
    return;
  }
  Output file(path);
  if (!file.write(text) || !file.commit())
    throw Error(fmt::format("{}: cannot write {}: {}", path, what, file.error()), ExitCode::other);
}

}  // namespace backtriage::cli
