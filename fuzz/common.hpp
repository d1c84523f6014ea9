// Shared by the fuzz targets: the shipped rule base, loaded once, and a failure that libFuzzer
// reports as a crash with the input saved.
#pragma once

#include <cstdio>
#include <cstdlib>
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

}  // namespace backtriage::fuzz
