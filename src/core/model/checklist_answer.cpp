// A checklist answer: item numbers in, one yes, no or unsure per item out.
#include "model/checklist_answer.hpp"

#include <charconv>

#include <fmt/format.h>

#include "base/text.hpp"

namespace backtriage {

namespace {

constexpr std::string_view kWhatToType =
    "type the numbers of those that apply (for example 1 3), or none; put ? after a number you are not sure about "
    "(for example 2?)";

/// What to type, as a sentence of its own.
std::string what_to_type_sentence() { return "T" + std::string(kWhatToType.substr(1)); }

ParsedChecklist refuse(std::string text) { return {false, {}, std::move(text)}; }

}  // namespace

ParsedChecklist parse_checklist_answer(const RuleBase& rb, std::span<const FactId> items, std::string_view raw) {
  // Commas and tabs count as spaces; a line of nothing else is no answer, never "none".
  std::string text;
  for (char c : to_lower(trim(raw))) {
    const char d = c == ',' || c == '\t' ? ' ' : c;
    if (d != ' ' || (!text.empty() && text.back() != ' ')) text.push_back(d);
  }
  if (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.empty()) return refuse(fmt::format("No answer was given: {}.", kWhatToType));
  if (text == "none" || text == "n" || text == "no" || text == "nothing" || text == "none of them" ||
      text == "none of these" || text == "none of the above") {
    ParsedChecklist all_no{true, {}, {}};
    for (FactId q : items) all_no.answers.emplace_back(q, kNo);
    return all_no;
  }
  if (text == "y" || text == "yes" || text == "all" || text == "some")
    return refuse(fmt::format("Which ones? {}.", what_to_type_sentence()));
  std::vector<Value> given(items.size(), kUnknown);
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && text[end] != ' ') ++end;
    std::string_view word(text.data() + i, end - i);
    const std::string_view token = word;  // as typed, for the message
    i = end;
    const bool unsure = word.size() > 1 && word.back() == '?';
    if (unsure) word.remove_suffix(1);
    size_t n = 0;
    const auto [stop, ec] = std::from_chars(word.data(), word.data() + word.size(), n);
    if (word.empty() || ec != std::errc{} || stop != word.data() + word.size()) {
      const bool numbers = text.find_first_of("0123456789") != std::string::npos;
      if ((word == "none" || word == "no" || word == "n") && !unsure && numbers)
        return refuse(fmt::format("'{}' cannot go with item numbers: {}.", word, kWhatToType));
      if (!numbers && token.size() < text.size())  // words only, none of them an answer
        return refuse(fmt::format("'{}' is not an answer to this list: {}.", printable(text), kWhatToType));
      return refuse(fmt::format("'{}' is not an item number: {}.", printable(token), kWhatToType));
    }
    if (n == 0 || n > items.size())
      return refuse(fmt::format("There is no item {}: the items are numbered 1 to {}.", n, items.size()));
    const FactId q = items[n - 1];
    const Value v = unsure ? kUnsure : kYes;
    if (unsure && !rb.facts[static_cast<size_t>(q)].accepts_unsure)
      return refuse(fmt::format("Item {} has no \"not sure\" answer: give its number if it applies, or leave it out "
                                "if it does not, as best you can.",
                                n));
    if (given[n - 1] != kUnknown && given[n - 1] != v)
      return refuse(fmt::format("Item {} is given both as applying and as not sure: give it once.", n));
    given[n - 1] = v;
  }
  ParsedChecklist out{true, {}, {}};
  for (size_t k = 0; k < items.size(); ++k) out.answers.emplace_back(items[k], given[k] == kUnknown ? kNo : given[k]);
  return out;
}

}  // namespace backtriage
