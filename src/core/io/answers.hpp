// Answer maps from files: question id -> answer, as a YAML or JSON map, checked against the rule
// base with a place for every problem.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostics.hpp"
#include "lang/yaml_tree.hpp"
#include "model/model.hpp"

namespace backtriage {

/// A value per question (kUnknown where not answered) read from a map node. Unknown ids get
/// "did you mean", rejected values say what is allowed; all problems are reported, not the first.
std::optional<std::vector<Value>> read_answer_map(const yaml::Node& map, const RuleBase& rb,
                                                  Diagnostics& diags);

/// The answers file's text (path "-": standard input) read with the safe YAML reader's limits.
std::optional<std::string> read_answers_text(const std::string& path, Diagnostics& diags);

/// The text of an answers map (YAML or JSON) with answers put in, keeping every other byte as the
/// person wrote it: comments, layout, spellings and answers not given here. A changed answer is
/// replaced where it stands; a new one is appended in the file's own style. Nothing when the
/// result would not read back as exactly the file's answers overridden by these.
std::optional<std::string> update_answers_text(const RuleBase& rb, const std::string& name, std::string_view text,
                                               const std::vector<std::pair<FactId, Value>>& answers);

/// An answers file that read_answers_file (answer_files.hpp; and so `assess --answers` and `ask --resume`) reads
/// back: a comment saying how to use it, then "question: answer" lines in the order given.
std::string render_answers_file(const RuleBase& rb, const std::vector<std::pair<FactId, Value>>& answers);

}  // namespace backtriage
