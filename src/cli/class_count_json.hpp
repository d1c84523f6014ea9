// A count of classes of answers in JSON: an integer while it is exact, else a number with an
// exponent (still an integer to JSON Schema, and honest about its precision).
#pragma once

#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "audit/class_count.hpp"

namespace backtriage {

inline nlohmann::ordered_json class_count_json(ClassCount n) {
  if (exact_count(n)) return static_cast<std::uint64_t>(std::llround(n));
  return n;
}

}  // namespace backtriage
