// Running another program as a child process and reading what it prints, with a time limit:
// Graphviz's dot for the rule book, git for `rules diff --git`. No shell is involved: the
// arguments reach the program as they are.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace backtriage::cli {

struct ChildResult {
  std::string out;          // what it wrote on standard output (at most max_output bytes)
  int exit_status = -1;     // its exit status, or -1 when it did not exit normally
  bool timed_out = false;   // stopped (SIGKILL) after the time limit
  bool too_much = false;    // stopped after writing more than max_output bytes
};

/// Runs argv[0] (looked up on PATH) with standard input and error on /dev/null, and collects its
/// standard output. Nothing, with the reason in why_not,
/// when it cannot be started (not_found says the program is not installed).
std::optional<ChildResult> run_child(const std::vector<std::string>& argv, std::string& why_not, bool& not_found,
                                     int timeout_ms, size_t max_output);

}  // namespace backtriage::cli
