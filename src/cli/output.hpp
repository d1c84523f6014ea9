// Output that is never half-written: to stdout (stopping quietly when the reader goes away), or
// to a file that appears whole or not at all (a temporary file in the same folder, renamed).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

namespace backtriage::cli {

class Output {
 public:
  /// path empty: standard output. A private file keeps mkstemp's 0600 (answers about health).
  explicit Output(std::string path, bool private_file = false);
  ~Output();  // without commit(), a file output is removed
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  /// Buffers text; false once the output is gone (closed pipe, full disk).
  bool write(std::string_view text);
  /// Flushes; for a file, fsyncs and renames it into place. False on failure (error() says why).
  bool commit();
  bool broken_pipe() const { return broken_pipe_; }
  const std::string& error() const { return error_; }

 private:
  bool flush();
  std::string path_;
  std::string temp_;
  int fd_ = 1;
  std::string buffer_;
  bool failed_ = false;
  bool broken_pipe_ = false;
  bool committed_ = false;
  std::string error_;
};

/// A finished document: to out when path is empty, else to the file at path, whole or not at all.
/// Throws Error ("PATH: cannot write WHAT: reason", exit 1) when the file cannot be written.
void write_document(const std::string& path, std::string_view text, std::ostream& out, std::string_view what);

}  // namespace backtriage::cli
