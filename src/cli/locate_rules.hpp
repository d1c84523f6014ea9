// Finding the rule base: --rules, then $BACKTRIAGE_RULES, then the installed copy next to the
// binary, then the source tree the binary was built from.
#pragma once

#include <string>

namespace backtriage::cli {

/// The rule base to load; throws backtriage::Error when none can be found.
std::string locate_rules(const std::string& from_flag);

}  // namespace backtriage::cli
