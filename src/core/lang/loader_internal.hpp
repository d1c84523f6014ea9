// Shared state of the loader's passes (declarations, conditions, rules, compilation).
// Internal to src/core: nothing outside the loader includes this.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "lang/schema.hpp"
#include "lang/yaml_tree.hpp"
#include "model/model.hpp"

namespace backtriage::detail {

struct FactDecl {
  Fact fact;
  const yaml::Node* ask_when = nullptr;
};
struct OptionDecl {
  Option option;
  const yaml::Node* source = nullptr;
};

/// Everything the passes share. Pass 1 collects declarations, pass 2 resolves references.
struct LoadContext {
  LoadContext(Diagnostics& d, size_t rule_limit) : diags(d), max_rules(rule_limit) {}

  Diagnostics& diags;
  size_t max_rules;
  RuleBase rb;

  bool seen_rule_base = false;
  const yaml::Node* default_disposition = nullptr;  // rule_base.default_disposition, resolved after the levels
  bool seen_dispositions = false;
  std::vector<FactDecl> questions;
  std::vector<FactDecl> derived;
  std::vector<OptionDecl> options;
  std::vector<const yaml::Node*> rule_nodes;
  std::vector<const yaml::Node*> invariant_nodes;
  std::vector<const yaml::Node*> checklist_nodes;

  // pass 1
  void read_top_level(const yaml::Node& root);
  void read_rule_base(const yaml::Node& n);
  void read_dispositions(const yaml::Node& n);
  void read_questions(const yaml::Node& n);
  void read_facts(const yaml::Node& n);
  void read_options(const yaml::Node& n);

  // between the passes: ids in canonical order, duplicates reported
  void assign_ids();

  // pass 2
  void resolve_questions();
  void resolve_options();
  void resolve_default_disposition();
  void read_rules();
  void read_invariants();  // invariant_parser.cpp
  void read_checklists();  // checklist_parser.cpp
  std::optional<SourceRef> source_ref(const yaml::Node& n);
  std::optional<std::string> identifier(MapReader& m, std::string_view key);
  Coding read_coding(const yaml::Node& n, const std::string& question);

  // conditions (condition_parser.cpp)
  CondId condition(const yaml::Node& n, int depth = 0);

  // compilation (compile.cpp): canonical rule order, indexes, strata, cycle check
  void compile();
};

}  // namespace backtriage::detail
