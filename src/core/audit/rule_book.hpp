// `backtriage rules doc`: the whole rule base as one self-contained document for a clinician's
// sign-off, in HTML or Markdown. Every question, derived fact, rule, option, result level,
// invariant and source, cross-linked, each with its place in the files and the source it cites.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/model.hpp"

namespace backtriage {

enum class RuleBookFormat { html, markdown };

struct RuleBookInput {
  /// The rule files as (name without folder, contents): listed, and fingerprinted so that a
  /// sign-off names the exact text it approved.
  std::vector<std::pair<std::string, std::string>> files;
  /// The rule graph as SVG (`dot -Tsvg` of rule_graph_dot), inlined when present; without it the
  /// document carries the DOT text and says how to draw it.
  std::optional<std::string> graph_svg;
  std::string generator;  // "backtriage 0.1.0"
};

/// One line of `sha256sum`'s output for a file of that name and contents, escapes included.
std::string sha256sum_line(std::string_view name, std::string_view text);

/// SHA-256, as 64 hex digits, of the lines `sha256sum` prints for the files taken in byte order
/// of their names: what `cd rules && LC_ALL=C sha256sum -- FILES... | sha256sum` gives, so anyone
/// can recompute the fingerprint a sign-off names (docs/auditing.md).
std::string rule_files_fingerprint(const std::vector<std::pair<std::string, std::string>>& files);

/// The SVG element of a standalone SVG file (without the XML prolog, DOCTYPE and comments before
/// it), ready to inline into HTML; nothing if there is no <svg ...> ... </svg>.
std::optional<std::string> inline_svg(std::string_view svg_file);

std::string rule_book(const RuleBase& rb, const RuleBookInput& input, RuleBookFormat format);

}  // namespace backtriage
