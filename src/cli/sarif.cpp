// sarif_log: see sarif.hpp. Shapes from the SARIF 2.1.0 specification: sarifLog.runs[].tool.driver,
// results[] with level, message.text and locations[].physicalLocation (artifactLocation.uri,
// region.startLine/startColumn).
#include "sarif.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "base/text.hpp"

namespace backtriage::cli {

namespace {

using nlohmann::ordered_json;

const char* level_of(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info:
    case Severity::note: break;
  }
  return "note";
}

/// Where a diagnostic points; nothing when it has no file.
ordered_json locations_of(const SourceLoc& loc) {
  ordered_json out = ordered_json::array();
  if (loc.file.str().empty()) return out;
  ordered_json physical;
  physical["artifactLocation"] = {{"uri", artifact_uri(loc.file.str())}};
  if (loc.line > 0) {
    physical["region"] = {{"startLine", loc.line}};
    if (loc.col > 0) physical["region"]["startColumn"] = loc.col;
  }
  out.push_back({{"physicalLocation", physical}});
  return out;
}

}  // namespace

std::string artifact_uri(const std::string& path) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out = path.starts_with('/') ? "file://" : "";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string sarif_log(const Diagnostics& diags, const std::string& tool_version) {
  ordered_json results = ordered_json::array();
  for (const Diagnostic& d : diags.items()) {
    if (d.severity == Severity::note && !results.empty()) {
      ordered_json related = locations_of(d.loc);
      ordered_json item = related.empty() ? ordered_json::object() : related[0];
      item["message"] = {{"text", printable_lines(d.message)}};
      results.back()["relatedLocations"].push_back(item);
      continue;
    }
    ordered_json r;
    r["level"] = level_of(d.severity);
    r["message"] = {{"text", printable_lines(d.message)}};
    r["locations"] = locations_of(d.loc);
    results.push_back(std::move(r));
  }
  // What the per-file cap left out is said too, so that a count in CI never looks smaller.
  if (diags.not_shown() > 0) {
    ordered_json r;
    r["level"] = "note";
    r["message"] = {{"text", std::to_string(diags.not_shown()) +
                                  " more problems were found and not kept (at most 100 are kept per file)"}};
    r["locations"] = ordered_json::array();
    results.push_back(std::move(r));
  }
  ordered_json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  const ordered_json driver = {{"name", "backtriage"}, {"version", tool_version}};
  log["runs"] = ordered_json::array({{{"tool", {{"driver", driver}}}, {"results", results}}});
  return json_safe(log.dump(2, ' ', false, ordered_json::error_handler_t::replace)) + "\n";
}

}  // namespace backtriage::cli
