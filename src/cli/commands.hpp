// One function per command. Each takes parsed options and streams, and returns an exit code;
// errors that stop a command are thrown as backtriage::Error and reported by run().
#pragma once

#include <iosfwd>
#include <string>

namespace backtriage::cli {

struct RulesCheckOptions {
  std::string rules;  // --rules, empty for the shipped rule base
};

int cmd_rules_check(const RulesCheckOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace backtriage::cli
