// A cache of compiled rule bases. Parsing the YAML with yaml-cpp costs milliseconds, ten times the
// start-up of the program; a compiled rule base is read back in microseconds. The cache is keyed
// by a hash of the program version and every rule file's name and bytes, so any change misses it,
// and it is never trusted blindly: a file with a wrong header, checksum or an out-of-range id is
// ignored and rebuilt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "diagnostics.hpp"
#include "loader.hpp"
#include "model.hpp"

namespace backtriage {

/// The rule base as bytes, and back; deserialize returns nothing for damaged or foreign input.
std::string serialize_rule_base(const RuleBase& rb);
std::optional<RuleBase> deserialize_rule_base(std::string_view bytes);

/// 64-bit FNV-1a of the program version and every file's name and contents.
std::uint64_t rule_files_key(const std::vector<std::pair<std::string, std::string>>& files, std::string_view version);

/// load_rule_base through a cache folder (empty: no cache). A cache that cannot be read or
/// written is ignored; only valid rule bases are cached.
std::optional<RuleBase> load_rule_base_cached(const std::string& path, Diagnostics& diags, const std::string& cache_dir,
                                              std::string_view version);

}  // namespace backtriage
