// Two versions of a rule base compared over the whole answer space (`rules diff`): which people
// get a different disposition, or a different plan, and what was added, removed or reworded.
// Both versions are laid out on one set of decision-diagram variables (symbolic_space.hpp): a
// question of both versions (same id, type, range and choices) shares its variables, its classes
// split wherever either version compares; a question of one version only is free in the other,
// which never asks it. Each change comes with cases run through both evaluators.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/class_count.hpp"
#include "model/model.hpp"

namespace backtriage {

/// One case, as each version reads it (its own question ids; kUnknown where it has no question).
struct DiffExample {
  std::vector<Value> old_answers;
  std::vector<Value> new_answers;
};

/// Cases whose disposition moved from one level to another ("none": no disposition reached).
struct DispositionMove {
  std::string from, to;  // disposition ids
  bool lower = false;    // a move down: possible under-triage
  ClassCount cases = 0;
  std::vector<DiffExample> examples;
};

/// Cases where an option entered or left the plan (recommended and not avoided), or its avoid list.
struct OptionMove {
  std::string option;
  std::string list;   // "recommended" or "avoided"
  bool added = false;  // true: in the new version's list and not in the old one's
  ClassCount cases = 0;
  std::vector<DiffExample> examples;
};

/// An element added, removed or changed between the versions, by id.
struct ElementChange {
  std::string kind;    // question, option, disposition, red flag, rule, invariant
  std::string id;
  std::string change;  // added, removed, reworded (its texts), changed (what it accepts or does)
};

struct DiffOptions {
  std::size_t max_examples = 2;
  std::uint64_t max_nodes = 4'000'000;
};

struct DiffReport {
  ClassCount cases = 0;  // classes of answers compared (closed gates of both versions pruned)
  ClassCount changed_cases = 0;  // with a different disposition
  std::vector<DispositionMove> moves;  // lower first, then by count
  std::vector<OptionMove> options;
  std::vector<ElementChange> elements;
  bool too_large = false;      // the diagrams outgrew max_nodes: nothing else is to be trusted
  std::string internal_error;  // the diagrams and an evaluator disagreed (a defect of backtriage)
  bool any_lower() const;
};

DiffReport diff_rule_bases(const RuleBase& old_rb, const RuleBase& new_rb, const DiffOptions& options = {});

}  // namespace backtriage
