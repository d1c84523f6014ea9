// Shared by the cache's format (cache.cpp), its checks (cache_check.cpp) and its folder
// (cache_store.cpp). Internal to src/core.
#pragma once

#include <string>
#include <string_view>

#include "model/model.hpp"

namespace backtriage::detail {

/// The first bytes of a cache file; a new layout gets a new magic.
inline constexpr std::string_view kCacheMagic("BTRBCAC5", 8);

/// Checks a rule base read from a cache file against what the loader guarantees (ids, value
/// ranges per type, orders, condition trees at most the YAML's depth, strata), in time linear in
/// its size and without recursion, then rebuilds what is derived: question order, indexes, order
/// by stratum, hot rules and id lookups. Returns why it is refused, or nothing.
std::string complete_cached_rule_base(RuleBase& rb);

}  // namespace backtriage::detail
