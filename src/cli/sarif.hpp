// `rules check --format sarif`: the diagnostics as a SARIF 2.1.0 log (OASIS Static Analysis
// Results Interchange Format), which CI servers and code hosts show next to the lines concerned.
#pragma once

#include <string>

#include "base/diagnostics.hpp"

namespace backtriage::cli {

/// One run of the tool "backtriage" (version given); a result per error, warning or info (a
/// SARIF note), each note of ours a related location of the result before it.
std::string sarif_log(const Diagnostics& diags, const std::string& tool_version);

/// A path as a SARIF artifact URI: relative paths stay relative, absolute ones become file://
/// URIs; every byte but unreserved characters and '/' percent-encoded.
std::string artifact_uri(const std::string& path);

}  // namespace backtriage::cli
