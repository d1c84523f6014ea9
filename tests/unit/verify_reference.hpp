// The enumerating verifier, as a reference for the symbolic one: the same report, by evaluating
// every class of answers with the real Evaluator. Only for answer spaces of up to max_cases.
#pragma once

#include <cstdint>

#include "audit/verify.hpp"

namespace backtriage::test {

struct ReferenceOptions {
  size_t max_examples = 3;
  std::uint64_t max_cases = 20'000'000;
  unsigned threads = 2;
};

VerifyReport verify_by_enumeration(const RuleBase& rb, const ReferenceOptions& options = {});

}  // namespace backtriage::test
