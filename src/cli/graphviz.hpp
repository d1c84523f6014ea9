// Running Graphviz's `dot` to draw the rule graph, for `rules doc`. Graphviz is optional: without
// it (or when it fails or takes too long) the caller says so and carries on without a picture.
#pragma once

#include <optional>
#include <string>

namespace backtriage::cli {

/// `dot -Tsvg` of a DOT text, or nothing with the reason in why_not. dot is looked up on PATH and
/// killed after timeout_ms.
std::optional<std::string> render_svg(const std::string& dot_text, std::string& why_not, int timeout_ms = 60'000);

}  // namespace backtriage::cli
