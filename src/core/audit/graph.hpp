// The rule graph (questions -> rules -> derived facts -> dispositions and options) as Graphviz DOT
// or Mermaid, and `rules show`: one element in plain words with where it is used.
#pragma once

#include <string>
#include <string_view>

#include "model/model.hpp"

namespace backtriage {

std::string rule_graph_dot(const RuleBase& rb);
std::string rule_graph_mermaid(const RuleBase& rb);

/// A rule, question, derived fact, option, disposition or invariant in plain words, with its
/// place in the files, its source and where it is used; "" for an unknown id.
std::string show_element(const RuleBase& rb, std::string_view id);

}  // namespace backtriage
