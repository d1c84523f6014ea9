// Source locations, diagnostics and the one exception type of the core library.
// Every problem found in a user's file carries file:line:col so the message can point at it.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "base/file_name.hpp"

namespace backtriage {

/// Process exit codes, shared by every command (documented in docs/cli.md).
/// What kind of problem stopped an operation. The command line maps each kind to its exit code
/// (src/cli/exit_code.hpp); the core knows nothing of processes.
enum class ErrorKind : unsigned char {
  failure,        // anything else: a file that cannot be written, an internal limit
  bad_input,      // the user's input: an unknown flag or question, a rejected answer, a bad file
  invalid_rules,  // the rule base cannot be used
  interrupted,    // the user stopped it (Ctrl-C)
};

/// A place in an input file; 1-based, 0 means "unknown".
struct SourceLoc {
  FileName file;  // shared by every location in the same file
  int line = 0;
  int col = 0;

  bool known() const { return line > 0; }
  /// "file:line:col", "file:line" or "file", whichever is known.
  std::string str() const;
};

/// note: attached to the diagnostic before it; info: a finding of its own that is no problem.
enum class Severity { error, warning, info, note };
std::string_view severity_name(Severity s);

struct Diagnostic {
  Severity severity = Severity::error;
  SourceLoc loc;
  std::string message;
};

/// Collects every problem of a run (never stops at the first), then reports them sorted by place.
/// At most kShownPerFile are kept per file (the first found; their notes with them); the rest are
/// counted, and said as "and N more", so that a hostile file costs time and memory in proportion
/// to its size, not to the square of its problem count.
class Diagnostics {
 public:
  static constexpr size_t kShownPerFile = 100;

  void error(SourceLoc loc, std::string message);
  void warning(SourceLoc loc, std::string message);
  void note(SourceLoc loc, std::string message);
  void info(SourceLoc loc, std::string message);
  void add(Diagnostic d);

  /// Keeps a file's text so that a diagnostic can quote the line it points at.
  void add_source(const std::string& file, std::string text);

  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  int warning_count() const { return warnings_; }
  /// --strict: every warning becomes an error.
  void promote_warnings();
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }

  /// Sorts by file, line and column; notes stay right after the diagnostic they belong to.
  void sort();

  /// "file:line:col: error: message", then the source line and a caret when the text is known.
  std::string format(const Diagnostic& d) const;
  /// Every diagnostic, formatted, each ending in a newline; then, per file with more than were
  /// kept, how many more there are.
  std::string format_all() const;
  /// How many were counted but not kept (all files).
  size_t not_shown() const;

 private:
  struct PerFile {
    size_t kept = 0;
    int more_errors = 0;
    int more_warnings = 0;
    int more_others = 0;
  };
  std::vector<Diagnostic> items_;
  std::map<std::string, PerFile, std::less<>> per_file_;
  bool last_dropped_ = false;  // a note after a diagnostic not kept is not kept either
  std::map<std::string, std::string, std::less<>> sources_;
  // Where each line of a source starts, built on first use: quoting a line is then a lookup.
  mutable std::map<std::string, std::vector<size_t>, std::less<>> line_starts_;
  int errors_ = 0;
  int warnings_ = 0;
};

/// "Cannot go on": thrown by the core (and the CLI), turned into a message and an exit code by the CLI.
class Error : public std::runtime_error {
 public:
  explicit Error(std::string message, ErrorKind kind = ErrorKind::failure, SourceLoc loc = {});
  const SourceLoc& loc() const { return loc_; }
  ErrorKind kind() const { return kind_; }

 private:
  SourceLoc loc_;
  ErrorKind kind_;
};

}  // namespace backtriage
