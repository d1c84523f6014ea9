// Where a command's output goes, never half-written and never lost without a word. Every
// command writes through one Output: standard output, or --output FILE ("-" is standard output).
// - Standard output is a stream: every write is checked; a reader that went away ends the command
//   quietly with status 141, any other failure (a full disk) is an error that names the reason.
// - A regular file, or a name that does not exist yet, is replaced whole or not at all: the text
//   goes to an unnamed temporary file in the same folder (O_TMPFILE, which nothing can leave
//   behind, not even kill -9), which is given the old file's permissions and owner, synced and
//   renamed into place. Where O_TMPFILE is missing, a short-named temporary file is used instead
//   and removed on SIGINT, SIGTERM and SIGHUP.
// - Anything else (a device such as /dev/null, a FIFO, or a symbolic link to one) is opened and
//   written as a stream, never replaced. A link to a regular file replaces the file it points to.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace backtriage::cli {

/// A stream buffer over a file descriptor whose every write is checked. After the first failure
/// it drops what it is given and remembers the system's error number.
class FdStreambuf : public std::streambuf {
 public:
  explicit FdStreambuf(int fd);
  ~FdStreambuf() override;
  FdStreambuf(const FdStreambuf&) = delete;
  FdStreambuf& operator=(const FdStreambuf&) = delete;

  int error_number() const { return errno_; }  // 0 while every write has succeeded
  /// For a new regular file written from its start: every `bytes` written, the kernel is asked to
  /// start writing them to the disk (sync_file_range), so that the fsync before the file replaces
  /// the old one waits for the last few only. Without it, a 2 GB batch report sat a second in
  /// that fsync, after all the work was done.
  void start_writeback_every(size_t bytes) { writeback_step_ = bytes; }

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  bool drain();
  bool write_all(const char* data, size_t size);
  void start_writeback();
  int fd_;
  int errno_ = 0;
  size_t writeback_step_ = 0;    // 0: never
  std::uint64_t written_ = 0;    // bytes written so far
  std::uint64_t handed_off_ = 0;  // bytes whose writeback was started
  std::array<char, size_t{1} << 16> buffer_;  // not zero-filled: touching 64 KiB of stack at start-up cost 16 page faults
};

/// Thrown when standard output's reader went away (a closed pipe): run() exits 141 quietly.
struct BrokenPipe {};

/// The error number of a stream's last failed write, when it is an FdStreambuf; else EIO when
/// the stream has failed, and 0 when it has not.
int stream_error(std::ostream& stream);

/// Opens a file to read lines from (batch --input, export clips --cases): a descriptor, or an
/// Error (bad input) naming the file and the reason; a folder is refused, not read as empty.
int open_input(const std::string& path);
/// Standard input as a source of lines: an Error (bad input) when it is closed or a folder,
/// rather than a silent empty input.
void check_standard_input();

/// New files: the usual permissions (0666 less the umask), or private to the user (0600: answers
/// about someone's health).
enum class FileAccess { usual, private_to_user };

class Output {
 public:
  /// path empty or "-": standard, the stream standard output goes to. Throws Error (exit 1)
  /// when FILE cannot be written at all (a folder, a missing folder, no permission).
  Output(const std::string& path, std::ostream& standard, FileAccess access = FileAccess::usual);
  ~Output();  // without commit(), a replacement is discarded: the old file stays byte for byte
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  std::ostream& stream() { return *stream_; }
  /// False once a write has failed (the rest is dropped; commit() says why).
  bool write(std::string_view text);
  /// Flushes and checks everything written; a replacement is synced and renamed into place.
  /// Throws BrokenPipe for a closed pipe on standard output, Error (exit 1) naming the target and
  /// the system's reason for any other failure, and Error (exit 130) after Ctrl-C, leaving the
  /// old file as it was.
  void commit();
  bool is_standard_output() const { return kind_ == Kind::standard; }
  /// "standard output", or the path as given (control characters escaped).
  std::string name() const;

 private:
  enum class Kind { standard, stream, replacement };
  void open_replacement(const std::string& target, FileAccess access);
  void use_stream(int fd);
  void attach(int fd);
  [[noreturn]] void fail(std::string_view what, int error_number);
  void discard();

  std::string path_;    // as given, for messages
  std::string target_;  // the regular file to replace (a link resolved), or the stream's path
  Kind kind_ = Kind::standard;
  int fd_ = -1;
  std::string temp_;    // the temporary file's name, when it has one
  unsigned mode_ = 0600;
  int owner_ = -1, group_ = -1;  // of the file replaced; -1: a new file
  std::ostream* stream_ = nullptr;
  std::unique_ptr<FdStreambuf> buf_;
  std::ostream own_stream_{nullptr};
  bool committed_ = false;
};

}  // namespace backtriage::cli
