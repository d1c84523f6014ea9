// A number of classes of answers, as the decision diagrams count them: in a double (BuDDy's
// satisfying-assignment count), exact up to 2^53. Past that it is an estimate, and said as one: a
// rule base of 60 questions has about 10^35 classes, far past any integer type's range (as a
// 64-bit count it showed a wrong, saturated number).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include <fmt/format.h>

namespace backtriage {

using ClassCount = double;

/// Whether a count is exact: an integer a double holds without rounding.
inline bool exact_count(ClassCount n) { return n < 9007199254740992.0; }  // 2^53

/// "1234" when exact, "about 5.24e+35" when not; past the range of a double (hundreds of
/// questions), "more than 1.8e+308".
inline std::string class_count_text(ClassCount n) {
  if (exact_count(n)) return fmt::format("{}", static_cast<std::uint64_t>(std::llround(n)));
  if (!std::isfinite(n)) return "more than 1.8e+308";
  return fmt::format("about {:.3}", n);
}

}  // namespace backtriage
