// `backtriage rules ...`: auditing the rule base.
#include <ostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "loader.hpp"
#include "locate_rules.hpp"

namespace backtriage::cli {

int cmd_rules_check(const RulesCheckOptions& opts, std::ostream& out, std::ostream& err) {
  const std::string path = locate_rules(opts.rules);
  Diagnostics diags;
  const auto rb = load_rule_base(path, diags);
  err << diags.format_all();
  if (!rb) {
    err << fmt::format("{}: {} error{}; the rule base is not valid\n", path, diags.error_count(),
                       diags.error_count() == 1 ? "" : "s");
    return static_cast<int>(ExitCode::invalid_rules);
  }
  out << fmt::format("{}: ok: {} questions, {} derived facts, {} options, {} rules, {} warnings\n",
                     path, rb->question_count,
                     static_cast<int>(rb->facts.size()) - rb->question_count, rb->options.size(),
                     rb->rules.size(), diags.warning_count());
  return 0;
}

}  // namespace backtriage::cli
