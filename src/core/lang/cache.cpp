// The cache file format: magic, key, SHA-256 of the body, body. The body holds the primary data
// of a RuleBase's advice part only (no invariants), each type's fields listed once and visited by both the writer and the reader. Reading treats the
// bytes as hostile: a count is checked against the loader's limits and against the bytes left
// (at the smallest size one element can take) before anything is reserved, every text passes
// the YAML reader's own check, and every bool and enum must be one of its values.
#include "lang/cache.hpp"

#include <algorithm>
#include <concepts>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include <fmt/format.h>

#include "base/text.hpp"
#include "lang/cache_internal.hpp"
#include "lang/loader.hpp"

namespace backtriage {

namespace {

using detail::kCacheMagic;

constexpr size_t kHeaderBytes = kCacheMagic.size() + 2 * sizeof(Sha256Digest);
const LoadLimits kLimits{};  // a cache may hold nothing the YAML could not

/// Numbers are written in the machine's byte order: a cache is bound to one build (its key holds
/// the build id), so to one kind of machine.
class Writer {
 public:
  void u32(std::uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void i32(std::int32_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void flag(bool b) { i32(b ? 1 : 0); }
  void str(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_ += s;
  }
  template <typename T, typename Each>
  void list(const std::vector<T>& items, Each each) {
    u32(static_cast<std::uint32_t>(items.size()));
    for (const T& x : items) each(x);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

/// Printable ASCII, TAB and LF: text that check_text accepts, found without decoding it. Most
/// of a cache file is such text; scanning it so made reading the shipped cache a third faster.
/// Anything else is left to check_text.
bool plain_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t'; });
}

/// Bounds-checked reading. The first problem is kept; after it every read returns a zero value.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  const std::string& error() const { return error_; }
  bool ok() const { return error_.empty(); }
  size_t left() const { return in_.size() - pos_; }

  std::uint32_t u32() {
    std::uint32_t v = 0;
    take(&v, sizeof v);
    return v;
  }
  std::int32_t i32() {
    std::int32_t v = 0;
    take(&v, sizeof v);
    return v;
  }
  bool flag() {
    const std::int32_t v = i32();
    if (v != 0 && v != 1) fail(fmt::format("a yes/no field holds {}", v));
    return v == 1;
  }
  template <typename Enum>
  Enum enumeration(Enum last) {
    const std::int32_t v = i32();
    if (v < 0 || v > static_cast<std::int32_t>(last)) fail(fmt::format("an enumeration holds {}", v));
    return ok() ? static_cast<Enum>(v) : Enum{};
  }
  /// A text as the YAML reader would accept it: at most a scalar's size, strict UTF-8, no
  /// control character but TAB and LF, no bidi control (so nothing can reach a terminal raw).
  std::string str() {
    const std::uint32_t n = u32();
    if (!ok()) return {};
    if (n > kLimits.yaml.max_scalar_bytes) {
      fail(fmt::format("a text of {} bytes, more than the limit of {}", n, kLimits.yaml.max_scalar_bytes));
      return {};
    }
    if (n > left()) {
      fail("it ends in the middle of a text");
      return {};
    }
    const std::string_view text = in_.substr(pos_, n);
    if (const auto problem = plain_ascii(text) ? std::nullopt : check_text(text, /*allow_cr=*/false)) {
      fail("a text contains a " + problem->message);
      return {};
    }
    pos_ += n;
    return std::string(text);
  }
  /// A count of elements that take at least min_bytes each: no more than the loader allows, and
  /// no more than the bytes left can hold, so that a forged count never reserves memory.
  std::uint32_t count(size_t min_bytes, const char* what) {
    const std::uint32_t n = u32();
    if (!ok()) return 0;
    if (n > kLimits.yaml.max_nodes)
      fail(fmt::format("{} {}, more than the limit of {}", n, what, kLimits.yaml.max_nodes));
    else if (n > left() / min_bytes)
      fail(fmt::format("{} {} cannot fit in the {} bytes left", n, what, left()));
    return ok() ? n : 0;
  }
  template <typename T, typename Each>
  std::vector<T> list(size_t min_bytes, const char* what, Each each) {
    const std::uint32_t n = count(min_bytes, what);
    std::vector<T> items;
    items.reserve(n);
    for (std::uint32_t i = 0; i < n && ok(); ++i) items.push_back(each());
    return items;
  }

  void fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
  }

 private:
  void take(void* dst, size_t n) {
    if (!ok()) return;
    if (n > left()) {
      fail("it ends in the middle of a field");
      return;
    }
    std::memcpy(dst, in_.data() + pos_, n);
    pos_ += n;
  }

  std::string_view in_;
  size_t pos_ = 0;
  std::string error_;
};

// Each type's fields are listed once, in fields(): the Writer and the Reader visit the same list,
// so what is written and what is read cannot drift apart. A visitor takes plain values with
// operator(), bools with flag(), enumerations with enumeration(last) and lists with a name for
// messages. The smallest encoding of a type, used to bound its counts, is measured by writing a
// default-constructed value (empty texts and lists).

/// A condition node with its text and place (the loader keeps those in parallel arrays).
struct CondRecord {
  CondNode node;
  std::string text;
  SourceLoc loc;
};

template <typename T, typename U>
concept either = std::same_as<std::remove_const_t<T>, U>;

template <typename V, either<SourceLoc> T>
void fields(V& v, T& l) {
  v(l.file), v(l.line), v(l.col);
  v.check(l.line >= 0 && l.col >= 0, "a place in a file has a negative line or column");
}
template <typename V, either<SourceRef> T>
void fields(V& v, T& r) {
  v(r.source), v(r.section);
}
template <typename V, either<Source> T>
void fields(V& v, T& s) {
  v(s.id), v(s.title), v(s.date), v(s.about), v(s.loc);
}
template <typename V, either<Disposition> T>
void fields(V& v, T& d) {
  v(d.id), v(d.title), v(d.message), v.flag(d.show_plan), v(d.safety_net, "safety-net lines"), v(d.loc);
}
template <typename V, either<Coding> T>
void fields(V& v, T& c) {
  v(c.system), v(c.code), v(c.display);
}
template <typename V, either<Fact> T>
void fields(V& v, T& f) {
  v(f.id), v.enumeration(f.type, ValueType::choice), v(f.min), v(f.max), v(f.choices, "choices");
  v.flag(f.accepts_unsure), v.flag(f.history), v.flag(f.in_days), v.flag(f.is_question), v(f.text), v(f.help), v(f.list_text), v(f.code);
  v(f.order), v(f.ask_when), v(f.loc);
}
template <typename V, either<Option> T>
void fields(V& v, T& o) {
  v(o.id), v(o.order), v(o.title), v(o.instructions), v(o.dose), v(o.cautions, "cautions"), v(o.source), v(o.loc);
}
template <typename V, either<Avoid> T>
void fields(V& v, T& a) {
  v(a.option), v(a.reason);
}
template <typename V, either<Rule> T>
void fields(V& v, T& r) {
  v(r.id), v(r.title), v(r.priority), v(r.when), v(r.disposition), v.flag(r.red_flag), v(r.red_flag_text);
  v(r.red_flag_sign);
  v(r.sets, "facts set"), v(r.recommends, "options"), v(r.avoids, "avoided options"), v.flag(r.stop);
  v(r.source), v(r.loc), v(r.stratum);
}
template <typename V, either<Checklist> T>
void fields(V& v, T& c) {
  v(c.id), v(c.lead), v(c.members, "questions"), v(c.loc);
}
template <typename V, either<CondRecord> T>
void fields(V& v, T& c) {
  v.enumeration(c.node.kind, CondKind::compare), v.enumeration(c.node.op, CmpOp::in);
  v(c.node.fact), v(c.node.value), v(c.node.first), v(c.node.count), v(c.text), v(c.loc);
}

// A file name is written once: a place names its file by its number in the order of first use,
// and the number one past the names so far is followed by a new name. Every place repeating its
// file's path made up a third of the shipped cache file.

/// Writes what fields() lists.
struct Put {
  Writer& w;
  std::vector<std::string> files = {};
  void operator()(std::int32_t x) { w.i32(x); }
  void operator()(std::uint32_t x) { w.u32(x); }
  void operator()(const std::string& s) { w.str(s); }
  void operator()(const FileName& f) {
    const auto known = std::find(files.begin(), files.end(), f.str());  // a handful of files
    w.u32(static_cast<std::uint32_t>(known - files.begin()));
    if (known == files.end()) {
      files.push_back(f.str());
      w.str(f.str());
    }
  }
  void flag(bool b) { w.flag(b); }
  template <typename E>
  void enumeration(E e, E) { w.i32(static_cast<std::int32_t>(e)); }
  void check(bool, const char*) {}
  template <typename T>
  void operator()(const T& x) { fields(*this, x); }
  template <typename T>
  void operator()(const std::vector<T>& items, const char* = nullptr) {
    w.list(items, [&](const T& x) { (*this)(x); });
  }
};

template <typename T>
size_t min_bytes() {
  static const size_t n = [] {
    Writer w;
    Put put{w, {""}};  // its places name a file already written: the number alone
    put(T{});
    return w.bytes().size();
  }();
  return n;
}

/// Reads what fields() lists, with the Reader's checks.
struct Get {
  Reader& r;
  std::vector<FileName> files = {};  // each shared by all its places, as the loader makes them
  void operator()(std::int32_t& x) { x = r.i32(); }
  void operator()(std::uint32_t& x) { x = r.u32(); }
  void operator()(std::string& s) { s = r.str(); }
  void operator()(FileName& f) {
    const std::uint32_t n = r.u32();
    if (n == files.size() && r.ok()) {
      std::string name = r.str();
      // One encoding per rule base: a name given twice would not write back the same bytes.
      if (std::any_of(files.begin(), files.end(), [&](const FileName& known) { return known.str() == name; }))
        r.fail("a file name is given twice");
      files.emplace_back(std::move(name));
    }
    if (n < files.size())
      f = files[n];
    else
      r.fail(fmt::format("a place names file #{} of {}", n, files.size()));
  }
  void flag(bool& b) { b = r.flag(); }
  template <typename E>
  void enumeration(E& e, E last) { e = r.enumeration(last); }
  void check(bool holds, const char* why) {
    if (!holds) r.fail(why);
  }
  template <typename T>
  void operator()(T& x) { fields(*this, x); }
  template <typename T>
  void operator()(std::vector<T>& items, const char* what) {
    items = r.list<T>(min_bytes<T>(), what, [&] {
      T x{};
      (*this)(x);
      return x;
    });
  }
};

void put_body(Writer& w, const RuleBase& rb) {
  Put put{w};
  put(rb.name), put(rb.version), put(rb.description), put(rb.title), put(rb.publisher), put(rb.date);
  put(rb.sources), put(rb.dispositions), put(rb.facts), put(rb.question_count);
  put(rb.options), put(rb.rules), put(rb.checklists);
  w.u32(static_cast<std::uint32_t>(rb.conds.size()));
  for (size_t c = 0; c < rb.conds.size(); ++c) put(CondRecord{rb.conds[c], rb.cond_text[c], rb.cond_loc[c]});
  put(rb.cond_children), put(rb.value_pool), put(rb.default_level);
}

RuleBase get_body(Reader& r) {
  RuleBase rb;
  Get get{r};
  get(rb.name), get(rb.version), get(rb.description), get(rb.title), get(rb.publisher), get(rb.date);
  get(rb.sources, "sources"), get(rb.dispositions, "dispositions"), get(rb.facts, "facts"), get(rb.question_count);
  get(rb.options, "options"), get(rb.rules, "rules");
  if (rb.rules.size() > kLimits.max_rules) r.fail(fmt::format("more than {} rules", kLimits.max_rules));
  get(rb.checklists, "checklists");
  const std::uint32_t conds = r.count(min_bytes<CondRecord>(), "conditions");
  rb.conds.reserve(conds), rb.cond_text.reserve(conds), rb.cond_loc.reserve(conds);
  for (std::uint32_t c = 0; c < conds && r.ok(); ++c) {
    CondRecord record;
    get(record);
    rb.conds.push_back(record.node);
    rb.cond_text.push_back(std::move(record.text));
    rb.cond_loc.push_back(std::move(record.loc));
  }
  get(rb.cond_children, "condition children");
  get(rb.value_pool, "values after 'in'");
  get(rb.default_level);
  return rb;
}

/// The conditions of the rules and questions, renumbered in their order: the invariants' are
/// dropped. Kept in the loader's layout (children before their parent, the lists of children and
/// of values in the order of the conditions that own them), which the reader checks.
void keep_rule_conditions(const RuleBase& rb, RuleBase& out) {
  std::vector<CondId> renumbered(rb.conds.size(), kNoCond);
  std::vector<CondId> pending;
  for (const Rule& r : rb.rules) pending.push_back(r.when);
  for (const Fact& f : rb.facts) pending.push_back(f.ask_when);
  std::vector<bool> kept(rb.conds.size(), false);
  while (!pending.empty()) {  // iterative: a forged depth cannot reach here, but no recursion is needed
    const CondId c = pending.back();
    pending.pop_back();
    if (c == kNoCond || kept[static_cast<size_t>(c)]) continue;
    kept[static_cast<size_t>(c)] = true;
    const CondNode& n = rb.conds[static_cast<size_t>(c)];
    if (n.kind == CondKind::all || n.kind == CondKind::any || n.kind == CondKind::negation)
      for (std::uint32_t k = 0; k < n.count; ++k) pending.push_back(rb.cond_children[n.first + k]);
  }
  out.conds.clear(), out.cond_children.clear(), out.value_pool.clear(), out.cond_text.clear(), out.cond_loc.clear();
  for (size_t c = 0; c < rb.conds.size(); ++c) {
    if (!kept[c]) continue;
    CondNode n = rb.conds[c];
    renumbered[c] = static_cast<CondId>(out.conds.size());
    if (n.kind == CondKind::all || n.kind == CondKind::any || n.kind == CondKind::negation) {
      const std::uint32_t first = n.first;
      n.first = static_cast<std::uint32_t>(out.cond_children.size());
      for (std::uint32_t k = 0; k < n.count; ++k)
        out.cond_children.push_back(renumbered[static_cast<size_t>(rb.cond_children[first + k])]);
    } else if (n.kind == CondKind::compare && n.op == CmpOp::in) {
      const std::uint32_t first = n.first;
      n.first = static_cast<std::uint32_t>(out.value_pool.size());
      out.value_pool.insert(out.value_pool.end(), rb.value_pool.begin() + first, rb.value_pool.begin() + first + n.count);
    }
    out.conds.push_back(n);
    out.cond_text.push_back(rb.cond_text[c]);
    out.cond_loc.push_back(rb.cond_loc[c]);
  }
  const auto renumber = [&](CondId c) { return c == kNoCond ? kNoCond : renumbered[static_cast<size_t>(c)]; };
  for (Rule& r : out.rules) r.when = renumber(r.when);
  for (Fact& f : out.facts) f.ask_when = renumber(f.ask_when);
}

std::string_view digest_bytes(const Sha256Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

/// The primary data of advice_part(rb), unchecked and without what is derived: what a cache file
/// holds. A base the cache's checks would refuse (a chain of 64 derived facts, which the loader
/// accepts) is written all the same, fails to read back, and is then used whole, uncached.
RuleBase without_invariants(const RuleBase& rb) {
  RuleBase out;
  out.name = rb.name, out.version = rb.version, out.description = rb.description, out.title = rb.title;
  out.publisher = rb.publisher, out.date = rb.date, out.sources = rb.sources, out.dispositions = rb.dispositions;
  out.facts = rb.facts, out.question_count = rb.question_count, out.options = rb.options, out.rules = rb.rules;
  out.checklists = rb.checklists, out.default_level = rb.default_level;
  keep_rule_conditions(rb, out);
  out.invariants_left_out = true;
  return out;
}

}  // namespace

RuleBase advice_part(const RuleBase& rb) {
  RuleBase out = without_invariants(rb);
  if (std::string why = detail::complete_cached_rule_base(out); !why.empty())
    throw std::logic_error("the advice part of a rule base does not pass the cache's checks: " + why);
  return out;
}

std::string serialize_rule_base(const RuleBase& rb, const CacheKey& key) {
  Writer w;
  if (rb.invariants.empty())
    put_body(w, rb);  // nothing to leave out (and no copy)
  else
    put_body(w, without_invariants(rb));
  std::string out;
  out.reserve(kHeaderBytes + w.bytes().size());
  out += kCacheMagic;
  out += digest_bytes(key);
  out += digest_bytes(sha256(w.bytes()));
  out += w.bytes();
  return out;
}

std::optional<RuleBase> deserialize_rule_base(std::string_view bytes, const CacheKey& key, std::string& why) {
  why.clear();
  if (bytes.size() < kHeaderBytes || !bytes.starts_with(kCacheMagic)) {
    why = "not a cache file of this version";
    return std::nullopt;
  }
  if (bytes.size() > kMaxCacheFileBytes) {
    why = fmt::format("{} bytes, more than the limit of {}", bytes.size(), kMaxCacheFileBytes);
    return std::nullopt;
  }
  std::string_view rest = bytes.substr(kCacheMagic.size());
  if (rest.substr(0, key.size()) != digest_bytes(key)) {
    why = "made for other rule files or another build";
    return std::nullopt;
  }
  rest.remove_prefix(key.size());
  const std::string_view body = rest.substr(sizeof(Sha256Digest));
  if (rest.substr(0, sizeof(Sha256Digest)) != digest_bytes(sha256(body))) {
    why = "its contents do not match their SHA-256 (a damaged file)";
    return std::nullopt;
  }
  Reader r(body);
  RuleBase rb = get_body(r);
  if (r.ok() && r.left() != 0) r.fail(fmt::format("{} more byte{} after the end", r.left(), r.left() == 1 ? "" : "s"));
  why = r.ok() ? detail::complete_cached_rule_base(rb) : r.error();
  if (!why.empty()) return std::nullopt;
  rb.invariants_left_out = true;
  return rb;
}

}  // namespace backtriage
