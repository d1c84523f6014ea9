// Reading the answer to a checklist prompt: the numbers of the items that apply.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/model.hpp"

namespace backtriage {

struct ParsedChecklist {
  bool ok = false;
  std::vector<std::pair<FactId, Value>> answers;  // one per listed item, in list order
  std::string error;                              // what to type instead, when !ok
};

/// Reads an answer to a numbered list of yes/no items (numbered from 1): "none" (also n, no,
/// nothing) when none applies; otherwise the numbers of the items that apply, apart or with
/// commas ("1 3", "1,3"), and a number with a question mark ("2?") for an item the person is not
/// sure about. Every item gets an answer: yes when its number is given, unsure when marked,
/// no otherwise. Anything else is refused with what to type, never guessed.
ParsedChecklist parse_checklist_answer(const RuleBase& rb, std::span<const FactId> items, std::string_view text);

}  // namespace backtriage
