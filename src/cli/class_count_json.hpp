// A count of classes of answers in JSON: an integer while it is exact, else a number with an
// exponent (still an integer to JSON Schema, and honest about its precision).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include <nlohmann/json.hpp>

#include "audit/class_count.hpp"

namespace backtriage {

inline nlohmann::ordered_json class_count_json(ClassCount n) {
  if (exact_count(n)) return static_cast<std::uint64_t>(std::llround(n));
  // JSON has no infinity (nlohmann would write null): the largest double, a lower bound.
  return std::isfinite(n) ? n : std::numeric_limits<double>::max();
}

}  // namespace backtriage
