// The cache file format: magic, key, SHA-256 of the body, body. The body holds the primary data
// of a RuleBase only, each type written and read by one pair of functions. Reading treats the
// bytes as hostile: a count is checked against the loader's limits and against the bytes left
// (at the smallest size one element can take) before anything is reserved, every text passes
// the YAML reader's own check, and every bool and enum must be one of its values.
#include "lang/cache.hpp"

#include <algorithm>
#include <cstring>

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

// One pair of functions per type. The smallest encoding of a type, used to bound its counts, is
// measured by writing a default-constructed value (empty texts and lists), so it cannot drift
// from what put() writes.

void put(Writer& w, std::int32_t v) { w.i32(v); }
void put(Writer& w, const std::string& s) { w.str(s); }
void put(Writer& w, const SourceLoc& l) {
  w.str(l.file);
  w.i32(l.line);
  w.i32(l.col);
}
template <typename T>
void put(Writer& w, const std::vector<T>& items) {
  w.list(items, [&](const T& x) { put(w, x); });
}
void put(Writer& w, const SourceRef& r) {
  w.i32(r.source);
  w.str(r.section);
}
void put(Writer& w, const Source& s) {
  w.str(s.id), w.str(s.title), w.str(s.date), w.str(s.about), put(w, s.loc);
}
void put(Writer& w, const Disposition& d) {
  w.str(d.id), w.str(d.title), w.str(d.message), w.flag(d.show_plan), put(w, d.safety_net), put(w, d.loc);
}
void put(Writer& w, const Fact& f) {
  w.str(f.id), w.i32(static_cast<std::int32_t>(f.type)), w.i32(f.min), w.i32(f.max), put(w, f.choices);
  w.flag(f.is_question), w.str(f.text), w.str(f.help), w.i32(f.order), w.i32(f.ask_when), put(w, f.loc);
}
void put(Writer& w, const Option& o) {
  w.str(o.id), w.i32(o.order), w.str(o.title), w.str(o.instructions), w.str(o.dose), put(w, o.cautions);
  put(w, o.source), put(w, o.loc);
}
void put(Writer& w, const Avoid& a) { w.i32(a.option), w.str(a.reason); }
void put(Writer& w, const Rule& r) {
  w.str(r.id), w.str(r.title), w.i32(r.priority), w.i32(r.when), w.i32(r.disposition), w.flag(r.red_flag);
  w.str(r.red_flag_text), put(w, r.sets), put(w, r.recommends), put(w, r.avoids), w.flag(r.stop);
  put(w, r.source), put(w, r.loc), w.i32(r.stratum);
}
void put(Writer& w, const Invariant& inv) {
  w.str(inv.id), w.str(inv.title), w.i32(inv.when), w.i32(inv.at_least), w.i32(inv.at_most);
  w.flag(inv.has_disposition), put(w, inv.recommended), put(w, inv.not_recommended), put(w, inv.avoided);
  put(w, inv.monotone), put(w, inv.loc);
}
/// A condition node with its text and place (the loader keeps those in parallel arrays).
struct CondRecord {
  CondNode node;
  std::string text;
  SourceLoc loc;
};
void put(Writer& w, const CondRecord& c) {
  w.i32(static_cast<std::int32_t>(c.node.kind)), w.i32(static_cast<std::int32_t>(c.node.op));
  w.i32(c.node.fact), w.i32(c.node.value), w.u32(c.node.first), w.u32(c.node.count);
  w.str(c.text), put(w, c.loc);
}

template <typename T>
size_t min_bytes() {
  static const size_t n = [] {
    Writer w;
    put(w, T{});
    return w.bytes().size();
  }();
  return n;
}

SourceLoc get_loc(Reader& r) {
  SourceLoc l;
  l.file = r.str();
  l.line = r.i32();
  l.col = r.i32();
  if (l.line < 0 || l.col < 0) r.fail("a place in a file has a negative line or column");
  return l;
}
std::vector<std::string> get_texts(Reader& r, const char* what) {
  return r.list<std::string>(min_bytes<std::string>(), what, [&] { return r.str(); });
}
std::vector<std::int32_t> get_ids(Reader& r, const char* what) {
  return r.list<std::int32_t>(min_bytes<std::int32_t>(), what, [&] { return r.i32(); });
}
SourceRef get_ref(Reader& r) {
  SourceRef ref;
  ref.source = r.i32();
  ref.section = r.str();
  return ref;
}
Source get_source(Reader& r) {
  Source s;
  s.id = r.str(), s.title = r.str(), s.date = r.str(), s.about = r.str(), s.loc = get_loc(r);
  return s;
}
Disposition get_disposition(Reader& r) {
  Disposition d;
  d.id = r.str(), d.title = r.str(), d.message = r.str(), d.show_plan = r.flag();
  d.safety_net = get_texts(r, "safety-net lines"), d.loc = get_loc(r);
  return d;
}
Fact get_fact(Reader& r) {
  Fact f;
  f.id = r.str(), f.type = r.enumeration(ValueType::choice), f.min = r.i32(), f.max = r.i32();
  f.choices = get_texts(r, "choices"), f.is_question = r.flag(), f.text = r.str(), f.help = r.str();
  f.order = r.i32(), f.ask_when = r.i32(), f.loc = get_loc(r);
  return f;
}
Option get_option(Reader& r) {
  Option o;
  o.id = r.str(), o.order = r.i32(), o.title = r.str(), o.instructions = r.str(), o.dose = r.str();
  o.cautions = get_texts(r, "cautions"), o.source = get_ref(r), o.loc = get_loc(r);
  return o;
}
Avoid get_avoid(Reader& r) {
  Avoid a;
  a.option = r.i32(), a.reason = r.str();
  return a;
}
Rule get_rule(Reader& r) {
  Rule x;
  x.id = r.str(), x.title = r.str(), x.priority = r.i32(), x.when = r.i32(), x.disposition = r.i32();
  x.red_flag = r.flag(), x.red_flag_text = r.str(), x.sets = get_ids(r, "facts set"), x.recommends = get_ids(r, "options");
  x.avoids = r.list<Avoid>(min_bytes<Avoid>(), "avoided options", [&] { return get_avoid(r); });
  x.stop = r.flag(), x.source = get_ref(r), x.loc = get_loc(r), x.stratum = r.i32();
  return x;
}
Invariant get_invariant(Reader& r) {
  Invariant inv;
  inv.id = r.str(), inv.title = r.str(), inv.when = r.i32(), inv.at_least = r.i32(), inv.at_most = r.i32();
  inv.has_disposition = r.flag(), inv.recommended = get_ids(r, "options"), inv.not_recommended = get_ids(r, "options");
  inv.avoided = get_ids(r, "options"), inv.monotone = get_ids(r, "questions"), inv.loc = get_loc(r);
  return inv;
}
CondRecord get_cond(Reader& r) {
  CondRecord c;
  c.node.kind = r.enumeration(CondKind::compare), c.node.op = r.enumeration(CmpOp::in);
  c.node.fact = r.i32(), c.node.value = r.i32(), c.node.first = r.u32(), c.node.count = r.u32();
  c.text = r.str(), c.loc = get_loc(r);
  return c;
}

void put_body(Writer& w, const RuleBase& rb) {
  w.str(rb.name), w.str(rb.version), w.str(rb.description);
  put(w, rb.sources), put(w, rb.dispositions), put(w, rb.facts), w.i32(rb.question_count);
  put(w, rb.options), put(w, rb.rules), put(w, rb.invariants);
  w.u32(static_cast<std::uint32_t>(rb.conds.size()));
  for (size_t c = 0; c < rb.conds.size(); ++c) put(w, CondRecord{rb.conds[c], rb.cond_text[c], rb.cond_loc[c]});
  put(w, rb.cond_children), put(w, rb.value_pool);
}

RuleBase get_body(Reader& r) {
  RuleBase rb;
  rb.name = r.str(), rb.version = r.str(), rb.description = r.str();
  rb.sources = r.list<Source>(min_bytes<Source>(), "sources", [&] { return get_source(r); });
  rb.dispositions = r.list<Disposition>(min_bytes<Disposition>(), "dispositions", [&] { return get_disposition(r); });
  rb.facts = r.list<Fact>(min_bytes<Fact>(), "facts", [&] { return get_fact(r); });
  rb.question_count = r.i32();
  rb.options = r.list<Option>(min_bytes<Option>(), "options", [&] { return get_option(r); });
  rb.rules = r.list<Rule>(min_bytes<Rule>(), "rules", [&] { return get_rule(r); });
  if (rb.rules.size() > kLimits.max_rules) r.fail(fmt::format("more than {} rules", kLimits.max_rules));
  rb.invariants = r.list<Invariant>(min_bytes<Invariant>(), "invariants", [&] { return get_invariant(r); });
  const std::uint32_t conds = r.count(min_bytes<CondRecord>(), "conditions");
  rb.conds.reserve(conds), rb.cond_text.reserve(conds), rb.cond_loc.reserve(conds);
  for (std::uint32_t c = 0; c < conds && r.ok(); ++c) {
    CondRecord record = get_cond(r);
    rb.conds.push_back(record.node);
    rb.cond_text.push_back(std::move(record.text));
    rb.cond_loc.push_back(std::move(record.loc));
  }
  rb.cond_children = get_ids(r, "condition children");
  rb.value_pool = get_ids(r, "values after 'in'");
  return rb;
}

std::string_view digest_bytes(const Sha256Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace

std::string serialize_rule_base(const RuleBase& rb, const CacheKey& key) {
  Writer w;
  put_body(w, rb);
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
  return rb;
}

}  // namespace backtriage
