// One function per command. Each takes parsed options and streams, and returns an exit code;
// errors that stop a command are thrown as backtriage::Error and reported by run().
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace backtriage::cli {

struct RulesCheckOptions {
  std::string rules;  // --rules, empty for the shipped rule base
};

int cmd_rules_check(const RulesCheckOptions& opts, std::ostream& out, std::ostream& err);

struct RulesTestOptions {
  std::string rules;
  std::vector<std::string> paths;  // scenario files, or folders of them
};

/// Exit 0 when every scenario passes, 1 when any fails or cannot be read, 4 on a bad rule base.
int cmd_rules_test(const RulesTestOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace backtriage::cli
