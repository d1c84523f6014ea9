// Conditions of the rule language: a comparison written as text ("pain_score >= 7"), or a map
// with one key, all / any / not. Parsed into the flat CondNode arrays of the rule base.
#include <charconv>

#include <fmt/format.h>

#include "base/text.hpp"
#include "lang/loader_internal.hpp"

namespace backtriage::detail {

namespace {

constexpr int kMaxConditionDepth = 32;

/// Reads one comparison "fact op value" from a scalar, reporting errors at the exact column.
class ComparisonParser {
 public:
  ComparisonParser(LoadContext& ctx, const yaml::Node& n) : ctx_(ctx), n_(n), s_(n.value) {}

  CondId parse() {
    skip_space();
    const size_t fact_at = i_;
    const std::string_view name = word();
    if (name.empty()) return fail(fact_at, expected_form());
    if (name == "always" && at_end()) return add({CondKind::always}, n_.value);

    const auto fact = ctx_.rb.find_fact(name);
    if (!fact) {
      std::vector<std::string> ids;
      for (const auto& f : ctx_.rb.facts) ids.push_back(f.id);
      return fail(fact_at, fmt::format("unknown question or fact '{}'{}", name, did_you_mean(name, ids)));
    }
    const Fact& f = ctx_.rb.facts[static_cast<size_t>(*fact)];

    skip_space();
    const size_t op_at = i_;
    const auto op = read_op();
    if (!op) return reported_ ? kNoCond : fail(op_at, expected_form());
    // A yes/no question that accepts unsure is ordered no < unsure < yes, so it takes every
    // operator; other yes/no questions and facts take == and != only.
    const bool ordered = f.type == ValueType::integer || f.accepts_unsure;
    if (!ordered && *op != CmpOp::eq && *op != CmpOp::ne && !(f.type == ValueType::choice && *op == CmpOp::in))
      return fail(op_at, fmt::format("'{}' is a {} {}: compare it with {}", f.id,
                                     f.type == ValueType::yes_no ? "yes/no" : "choice",
                                     f.is_question ? "question" : "fact",
                                     f.type != ValueType::yes_no ? "==, != or in"
                                     : f.is_question ? "== or != and yes or no (other operators need a question "
                                                       "declared with 'unsure: yes')"
                                                     : "== or != and yes or no"));
    skip_space();
    CondNode node{CondKind::compare, *op, *fact, 0, 0, 0};
    if (f.type == ValueType::yes_no && *op != CmpOp::eq && *op != CmpOp::ne && *op != CmpOp::in) {
      // An ordered comparison of yes/no/unsure becomes the set of values it holds for, so that
      // the evaluator, verify and the exports compare codes only (the codes are not in rank order).
      const auto v = read_value(f);
      if (!v) return kNoCond;
      const int bound = yes_no_rank(*v);
      std::vector<Value> values;
      for (Value x : {kNo, kUnsure, kYes}) {
        const int r = yes_no_rank(x);
        const bool holds = *op == CmpOp::lt ? r < bound : *op == CmpOp::le ? r <= bound : *op == CmpOp::gt ? r > bound : r >= bound;
        if (holds) values.push_back(x);
      }
      if (values.empty())
        return fail(op_at, fmt::format("'{}' {} {} never holds: the answers are ordered no < unsure < yes", f.id,
                                       cmp_op_text(*op), *v == kYes ? "yes" : "no"));
      node.op = CmpOp::in;
      node.first = static_cast<std::uint32_t>(ctx_.rb.value_pool.size());
      node.count = static_cast<std::uint32_t>(values.size());
      ctx_.rb.value_pool.insert(ctx_.rb.value_pool.end(), values.begin(), values.end());
    } else if (*op == CmpOp::in) {
      if (!consume('[')) return fail(i_, "expected '[' after 'in', as in: side in [left, both]");
      std::vector<Value> values;
      for (;;) {
        skip_space();
        const auto v = read_value(f);
        if (!v) return kNoCond;
        values.push_back(*v);
        skip_space();
        if (consume(']')) break;
        if (!consume(',')) return fail(i_, "expected ',' or ']' in the list after 'in'");
      }
      node.first = static_cast<std::uint32_t>(ctx_.rb.value_pool.size());
      node.count = static_cast<std::uint32_t>(values.size());
      ctx_.rb.value_pool.insert(ctx_.rb.value_pool.end(), values.begin(), values.end());
    } else {
      const auto v = read_value(f);
      if (!v) return kNoCond;
      node.value = *v;
    }
    skip_space();
    if (!at_end())
      return fail(i_, fmt::format("unexpected '{}' after the comparison (one comparison per line; "
                                  "combine them with all, any or not)",
                                  printable(s_.substr(i_))));
    return add(node, std::string(trim(n_.value)));
  }

 private:
  static std::string expected_form() {
    return "expected a comparison such as 'pain_score >= 7' or 'fever == yes', or 'always'";
  }

  SourceLoc loc_at(size_t offset) const {
    // Columns inside the text are exact for a value written on one line.
    if (n_.value.find('\n') != std::string::npos || !n_.loc.known()) return n_.loc;
    SourceLoc l = n_.loc;
    l.col += static_cast<int>(offset) + (n_.quoted ? 1 : 0);
    return l;
  }

  CondId fail(size_t offset, std::string message) {
    ctx_.diags.error(loc_at(offset), std::move(message));
    return kNoCond;
  }

  CondId add(CondNode node, std::string text) {
    ctx_.rb.conds.push_back(node);
    ctx_.rb.cond_text.push_back(std::move(text));
    ctx_.rb.cond_loc.push_back(n_.loc);
    return static_cast<CondId>(ctx_.rb.conds.size() - 1);
  }

  bool at_end() const { return i_ >= s_.size(); }
  void skip_space() {
    while (!at_end() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  bool consume(char c) {
    if (at_end() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  static bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  std::string_view word() {
    const size_t start = i_;
    if (!at_end() && s_[i_] == '-') ++i_;
    while (!at_end() && word_char(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }

  std::optional<CmpOp> read_op() {
    static constexpr std::pair<std::string_view, CmpOp> kOps[] = {
        {"==", CmpOp::eq}, {"!=", CmpOp::ne}, {"<=", CmpOp::le}, {">=", CmpOp::ge},
        {"<", CmpOp::lt},  {">", CmpOp::gt}};
    for (const auto& [text, op] : kOps) {
      if (s_.substr(i_).starts_with(text)) {
        i_ += text.size();
        return op;
      }
    }
    if (s_.substr(i_).starts_with("=")) {
      fail(i_, "use '==' to compare ('=' alone is not an operator)");
      reported_ = true;
      return std::nullopt;
    }
    if (s_.substr(i_).starts_with("in") && (i_ + 2 >= s_.size() || !word_char(s_[i_ + 2]))) {
      i_ += 2;
      return CmpOp::in;
    }
    return std::nullopt;
  }

  std::optional<Value> read_value(const Fact& f) {
    const size_t at = i_;
    const std::string_view w = word();
    if (w.empty()) {
      fail(at, fmt::format("expected a value for '{}': {}", f.id, allowed(f)));
      return std::nullopt;
    }
    switch (f.type) {
      case ValueType::yes_no:
        if (w == "yes") return kYes;
        if (w == "no") return kNo;
        if (w == "unsure" && f.accepts_unsure) return kUnsure;
        if (w == "unsure") {
          fail(at, fmt::format("'{}' does not accept unsure: declare it with 'unsure: yes' to compare it with unsure", f.id));
          return std::nullopt;
        }
        break;
      case ValueType::integer: {
        Value v = 0;
        const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
        if (ec == std::errc{} && end == w.data() + w.size()) {
          if (v >= f.min && v <= f.max) return v;
          fail(at, fmt::format("{} is outside the range of '{}' ({} to {})", v, f.id, f.min, f.max));
          return std::nullopt;
        }
        break;
      }
      case ValueType::choice:
        for (size_t k = 0; k < f.choices.size(); ++k)
          if (f.choices[k] == w) return static_cast<Value>(k);
        fail(at, fmt::format("'{}' is not a choice of '{}'{}; allowed: {}", w, f.id,
                             did_you_mean(w, f.choices), quoted_list(f.choices)));
        return std::nullopt;
    }
    fail(at, fmt::format("'{}' is not a value of '{}': {}", w, f.id, allowed(f)));
    return std::nullopt;
  }

  static std::string allowed(const Fact& f) {
    switch (f.type) {
      case ValueType::yes_no: return f.accepts_unsure ? "yes, no or unsure" : "yes or no";
      case ValueType::integer: return fmt::format("a whole number from {} to {}", f.min, f.max);
      case ValueType::choice: return fmt::format("one of {}", quoted_list(f.choices));
    }
    return {};
  }

  LoadContext& ctx_;
  const yaml::Node& n_;
  std::string_view s_;
  size_t i_ = 0;
  bool reported_ = false;  // read_op already said what is wrong
};

}  // namespace

CondId LoadContext::condition(const yaml::Node& n, int depth) {
  if (depth > kMaxConditionDepth) {
    diags.error(n.loc, fmt::format("condition nested deeper than {} levels", kMaxConditionDepth));
    return kNoCond;
  }
  if (n.is_scalar()) return ComparisonParser(*this, n).parse();
  if (!n.is_map()) {
    diags.error(n.loc, fmt::format("a condition is a comparison such as 'pain_score >= 7', or a map "
                                   "with one key: all, any or not; found {}",
                                   yaml::kind_name(n.kind)));
    return kNoCond;
  }
  if (n.children.size() != 1) {
    diags.error(n.loc, "a condition map has exactly one key: all, any or not");
    return kNoCond;
  }
  const yaml::Node& body = n.children.front();
  const std::vector<std::string> keys = {"all", "any", "not"};
  if (body.key == "not") {
    const CondId child = condition(body, depth + 1);
    if (child == kNoCond) return kNoCond;
    rb.cond_children.push_back(child);
    rb.conds.push_back({CondKind::negation, CmpOp::eq, -1, 0,
                        static_cast<std::uint32_t>(rb.cond_children.size() - 1), 1});
  } else if (body.key == "all" || body.key == "any") {
    if (!body.is_sequence() || body.children.empty()) {
      diags.error(body.loc, fmt::format("'{}' takes a list of one or more conditions", body.key));
      return kNoCond;
    }
    std::vector<CondId> kids;
    bool good = true;
    for (const auto& c : body.children) {
      const CondId id = condition(c, depth + 1);
      good = good && id != kNoCond;
      kids.push_back(id);
    }
    if (!good) return kNoCond;
    const auto first = static_cast<std::uint32_t>(rb.cond_children.size());
    rb.cond_children.insert(rb.cond_children.end(), kids.begin(), kids.end());
    rb.conds.push_back({body.key == "all" ? CondKind::all : CondKind::any, CmpOp::eq, -1, 0, first,
                        static_cast<std::uint32_t>(kids.size())});
  } else {
    diags.error(body.key_loc, fmt::format("unknown condition '{}'{}; a condition map has one key: "
                                          "all, any or not",
                                          printable(body.key), did_you_mean(body.key, keys)));
    return kNoCond;
  }
  rb.cond_text.push_back(body.key);
  rb.cond_loc.push_back(n.loc);
  return static_cast<CondId>(rb.conds.size() - 1);
}

}  // namespace backtriage::detail
