// The running program's GNU build id: what the compiled-rule cache is bound to, so that a
// rebuilt binary (whose reading or checking of a cache may differ) never reads an older one's.
#pragma once

#include <optional>
#include <string>

namespace backtriage {

/// The bytes of the NT_GNU_BUILD_ID note of the main program (not of a shared library), found
/// through its program headers: works for PIE, static-pie and plain executables alike. Nothing
/// when the program was linked without a build id. Computed once.
std::optional<std::string> running_build_id();

}  // namespace backtriage
