// Shared by the fuzz targets: the shipped rule base, loaded once, and a failure that libFuzzer
// reports as a crash with the input saved.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "lang/loader.hpp"

namespace backtriage::fuzz {

inline const RuleBase& shipped() {
  static const RuleBase rb = [] {
    Diagnostics diags;
    auto loaded = load_rule_base(std::string(BACKTRIAGE_SOURCE_DIR) + "/rules", diags);
    if (!loaded) {
      std::fputs(diags.format_all().c_str(), stderr);
      std::abort();
    }
    return std::move(*loaded);
  }();
  return rb;
}

/// A broken property: print what and abort, so libFuzzer keeps the input.
[[noreturn]] inline void broken(const std::string& what) {
  std::fprintf(stderr, "property broken: %s\n", what.c_str());
  std::abort();
}

/// Diagnostics stay bounded whatever the input: at most Diagnostics::kShownPerFile kept for a file
/// (their notes aside), and those not kept said as "N more ..., not shown".
inline void check_diagnostics_bounded(const Diagnostics& diags) {
  std::map<std::string, size_t, std::less<>> kept;
  for (const auto& d : diags.items())
    if (d.severity != Severity::note && ++kept[d.loc.file.str()] > Diagnostics::kShownPerFile)
      broken("more than kShownPerFile diagnostics kept for " + d.loc.file.str());
  if (diags.not_shown() > 0 && diags.format_all().find(", not shown (") == std::string::npos)
    broken("diagnostics not kept are not said");
}

}  // namespace backtriage::fuzz
