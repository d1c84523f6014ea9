// The terminal side of the CLI: line input that survives EOF, Ctrl-C and over-long lines, and
// the decision whether to colour output.
#pragma once

#include <iosfwd>
#include <string>

namespace backtriage::cli {

enum class ColorMode { automatic, always, never };

/// Colour on fd only for a terminal, never with NO_COLOR set or TERM=dumb, unless forced.
bool use_color(ColorMode mode, int fd);
bool is_terminal(int fd);
/// The columns to fill text to: the terminal's on fd (TIOCGWINSZ), else COLUMNS when set to a
/// number, else 80; kept between 20 and 100, since longer lines are harder to read.
size_t screen_width(int fd);

/// Makes Ctrl-C interrupt a blocking read instead of killing the process, so the questionnaire
/// can end cleanly (nothing half-printed), and ignores SIGPIPE so a closed pipe is an error
/// return rather than a silent death.
void install_signal_handlers();
/// Makes a write to a closed pipe fail with EPIPE instead of killing the process.
void ignore_broken_pipe_signal();
bool interrupted();
/// Holds a closed standard input, output or error open on /dev/null (the wrong way round, so that
/// using it fails), before any file is opened; standard_input_was_closed() remembers it for 0.
void guard_standard_streams();
bool standard_input_was_closed();

/// Reads lines from a file descriptor, without the C++ stream pitfalls at EOF.
class LineReader {
 public:
  enum class Status { line, eof, interrupted, too_long, error };
  explicit LineReader(int fd = 0, size_t max_length = 1024) : fd_(fd), max_(max_length) {}
  /// The next line without its line ending. An over-long line is consumed to its newline and
  /// reported once. A read error is Status::error (error_number() says which), never the end of
  /// input; a descriptor without data yet (O_NONBLOCK) is waited for.
  Status read(std::string& line);
  int error_number() const { return error_; }

 private:
  bool fill();
  int fd_;
  size_t max_;
  std::string buffer_;
  size_t next_ = 0;  // where the next line starts in buffer_: the lines before it were taken
  bool eof_ = false;
  int error_ = 0;
};

/// Where the questionnaire reads its answers: after a prompt, one line.
class PromptReader {
 public:
  virtual ~PromptReader() = default;
  /// Shows prompt ("> ") at the end of the screen's last line and reads one line.
  virtual LineReader::Status read(std::string& line, const std::string& prompt) = 0;
  /// Whether what is typed is seen on the screen already (a terminal echoes it; a pipe does not).
  virtual bool echoes() const = 0;
  /// After Status::error: the errno of the read that failed, for the message.
  virtual int error_number() const = 0;
};

/// Lines from a file descriptor, the prompt written to screen first: for a pipe or a file, or a
/// terminal where the line editor cannot start.
class PlainPromptReader final : public PromptReader {
 public:
  PlainPromptReader(int fd, std::ostream& screen, bool echoes) : in_(fd), screen_(screen), echoes_(echoes) {}
  LineReader::Status read(std::string& line, const std::string& prompt) override;
  bool echoes() const override { return echoes_; }
  int error_number() const override { return in_.error_number(); }

 private:
  LineReader in_;
  std::ostream& screen_;
  bool echoes_;
};

}  // namespace backtriage::cli
