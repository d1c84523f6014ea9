// The process's exit codes (documented in the man page's EXIT STATUS), and the one mapping from
// the core's kinds of error to them.
#pragma once

#include "base/diagnostics.hpp"

namespace backtriage::cli {

enum class ExitCode : int { ok = 0, other = 1, usage = 2, incomplete = 3, invalid_rules = 4, interrupted = 130 };

inline ExitCode exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::bad_input: return ExitCode::usage;
    case ErrorKind::invalid_rules: return ExitCode::invalid_rules;
    case ErrorKind::interrupted: return ExitCode::interrupted;
    case ErrorKind::failure: break;
  }
  return ExitCode::other;
}

}  // namespace backtriage::cli
