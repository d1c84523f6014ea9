// Binary serialization of RuleBase with a checksummed header and full index validation on load.
#include "cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "yaml_tree.hpp"

namespace backtriage {

namespace {

constexpr char kMagic[8] = {'B', 'T', 'R', 'B', 'C', 'A', 'C', '1'};

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 1469598103934665603ull) {
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

class Writer {
 public:
  void u32(std::uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void i32(std::int32_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_ += s;
  }
  template <typename T, typename F>
  void vec(const std::vector<T>& v, F each) {
    u32(static_cast<std::uint32_t>(v.size()));
    for (const auto& x : v) each(x);
  }
  void ints(const std::vector<std::int32_t>& v) { vec(v, [&](std::int32_t x) { i32(x); }); }
  void uints(const std::vector<std::uint32_t>& v) { vec(v, [&](std::uint32_t x) { u32(x); }); }
  void strs(const std::vector<std::string>& v) { vec(v, [&](const std::string& x) { str(x); }); }
  void loc(const SourceLoc& l) {
    str(l.file);
    i32(l.line);
    i32(l.col);
  }
  void ref(const SourceRef& r) {
    i32(r.source);
    str(r.section);
  }
  void index(const Index& ix) {
    uints(ix.start);
    ints(ix.items);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

/// Bounds-checked reading; any overrun sets failed and returns zero values.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool failed() const { return failed_; }
  bool done() const { return pos_ == in_.size(); }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    if (!take(&v, sizeof v)) return 0;
    return v;
  }
  std::int32_t i32() {
    std::int32_t v = 0;
    if (!take(&v, sizeof v)) return 0;
    return v;
  }
  std::string str() {
    const std::uint32_t n = u32();
    if (failed_ || n > in_.size() - pos_) return fail<std::string>();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  template <typename T, typename F>
  std::vector<T> vec(F each) {
    const std::uint32_t n = u32();
    if (failed_ || n > in_.size() - pos_) return fail<std::vector<T>>();  // each item takes a byte at least
    std::vector<T> v;
    v.reserve(n);
    for (std::uint32_t i = 0; i < n && !failed_; ++i) v.push_back(each());
    return v;
  }
  std::vector<std::int32_t> ints() { return vec<std::int32_t>([&] { return i32(); }); }
  std::vector<std::uint32_t> uints() { return vec<std::uint32_t>([&] { return u32(); }); }
  std::vector<std::string> strs() { return vec<std::string>([&] { return str(); }); }
  SourceLoc loc() {
    SourceLoc l;
    l.file = str();
    l.line = i32();
    l.col = i32();
    return l;
  }
  SourceRef ref() {
    SourceRef r;
    r.source = i32();
    r.section = str();
    return r;
  }
  Index index() {
    Index ix;
    ix.start = uints();
    ix.items = ints();
    return ix;
  }

 private:
  template <typename T>
  T fail() {
    failed_ = true;
    return T{};
  }
  bool take(void* dst, size_t n) {
    if (failed_ || n > in_.size() - pos_) {
      failed_ = true;
      return false;
    }
    std::memcpy(dst, in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool failed_ = false;
};

bool in_range(std::int64_t v, std::int64_t lo, std::int64_t hi) { return v >= lo && v < hi; }

/// Every id the evaluator will follow points inside its array: a damaged cache must not crash it.
bool valid(const RuleBase& rb) {
  const auto nf = static_cast<std::int64_t>(rb.facts.size());
  const auto nr = static_cast<std::int64_t>(rb.rules.size());
  const auto no = static_cast<std::int64_t>(rb.options.size());
  const auto nc = static_cast<std::int64_t>(rb.conds.size());
  const auto nl = static_cast<std::int64_t>(rb.dispositions.size());
  const auto ns = static_cast<std::int64_t>(rb.sources.size());
  if (nl == 0 || !in_range(rb.question_count, 0, nf + 1)) return false;
  if (rb.cond_text.size() != rb.conds.size() || rb.cond_loc.size() != rb.conds.size()) return false;
  const auto cond_ok = [&](CondId c, bool optional) { return (optional && c == kNoCond) || in_range(c, 0, nc); };
  for (const CondNode& n : rb.conds) {
    switch (n.kind) {
      case CondKind::always: break;
      case CondKind::compare:
        if (!in_range(n.fact, 0, nf)) return false;
        if (n.op == CmpOp::in && std::uint64_t{n.first} + n.count > rb.value_pool.size()) return false;
        break;
      case CondKind::all:
      case CondKind::any:
      case CondKind::negation:
        if (std::uint64_t{n.first} + n.count > rb.cond_children.size() || n.count == 0) return false;
        break;
      default: return false;
    }
    if (static_cast<unsigned>(n.op) > static_cast<unsigned>(CmpOp::in)) return false;
  }
  // Children point to earlier nodes (the parser adds children first), so evaluation terminates.
  for (size_t c = 0; c < rb.conds.size(); ++c) {
    const CondNode& n = rb.conds[c];
    if (n.kind == CondKind::compare || n.kind == CondKind::always) continue;
    for (std::uint32_t k = 0; k < n.count; ++k)
      if (!in_range(rb.cond_children[n.first + k], 0, static_cast<std::int64_t>(c))) return false;
  }
  for (const Fact& f : rb.facts) {
    if (!cond_ok(f.ask_when, true) || f.min > f.max || f.min == kUnknown) return false;
    if (static_cast<unsigned>(f.type) > static_cast<unsigned>(ValueType::choice)) return false;
    if (f.type == ValueType::choice && f.choices.size() != static_cast<size_t>(f.max - f.min + 1)) return false;
  }
  if (rb.question_order.size() != static_cast<size_t>(rb.question_count)) return false;
  for (FactId q : rb.question_order)
    if (!in_range(q, 0, rb.question_count)) return false;
  const auto ref_ok = [&](const SourceRef& r) { return in_range(r.source, -1, ns); };
  for (const Option& o : rb.options)
    if (!ref_ok(o.source)) return false;
  for (const Rule& r : rb.rules) {
    if (!cond_ok(r.when, false) || !in_range(r.disposition, -1, nl) || !ref_ok(r.source)) return false;
    for (FactId f : r.sets)
      if (!in_range(f, rb.question_count, nf)) return false;
    for (OptionId o : r.recommends)
      if (!in_range(o, 0, no)) return false;
    for (const Avoid& a : r.avoids)
      if (!in_range(a.option, 0, no)) return false;
  }
  for (const Invariant& inv : rb.invariants) {
    if (!cond_ok(inv.when, true) || !in_range(inv.at_least, -1, nl) || !in_range(inv.at_most, -1, nl)) return false;
    for (const auto* list : {&inv.recommended, &inv.not_recommended, &inv.avoided})
      for (OptionId o : *list)
        if (!in_range(o, 0, no)) return false;
    for (FactId q : inv.monotone)
      if (!in_range(q, 0, rb.question_count)) return false;
  }
  const auto index_ok = [&](const Index& ix, size_t keys, std::int64_t item_limit) {
    if (ix.start.size() != keys + 1 || ix.start.front() != 0 || ix.start.back() != ix.items.size()) return false;
    for (size_t k = 0; k + 1 < ix.start.size(); ++k)
      if (ix.start[k] > ix.start[k + 1]) return false;
    for (auto item : ix.items)
      if (!in_range(item, 0, item_limit)) return false;
    return true;
  };
  if (!index_ok(rb.readers, rb.facts.size(), nr) || !index_ok(rb.setters, rb.facts.size(), nr) ||
      !index_ok(rb.gated, rb.facts.size(), rb.question_count) || !index_ok(rb.rule_facts, rb.rules.size(), nf))
    return false;
  if (rb.rules_by_stratum_desc.size() != rb.rules.size()) return false;
  for (RuleId r : rb.rules_by_stratum_desc)
    if (!in_range(r, 0, nr)) return false;
  return true;
}

}  // namespace

std::string serialize_rule_base(const RuleBase& rb) {
  Writer w;
  w.str(rb.name);
  w.str(rb.version);
  w.str(rb.description);
  w.vec(rb.sources, [&](const Source& s) {
    w.str(s.id), w.str(s.title), w.str(s.date), w.str(s.about), w.loc(s.loc);
  });
  w.vec(rb.dispositions, [&](const Disposition& d) {
    w.str(d.id), w.str(d.title), w.str(d.message), w.i32(d.show_plan), w.strs(d.safety_net), w.loc(d.loc);
  });
  w.vec(rb.facts, [&](const Fact& f) {
    w.str(f.id), w.i32(static_cast<std::int32_t>(f.type)), w.i32(f.min), w.i32(f.max), w.strs(f.choices);
    w.i32(f.is_question), w.str(f.text), w.str(f.help), w.i32(f.order), w.i32(f.ask_when), w.loc(f.loc);
  });
  w.i32(rb.question_count);
  w.ints(rb.question_order);
  w.vec(rb.options, [&](const Option& o) {
    w.str(o.id), w.i32(o.order), w.str(o.title), w.str(o.instructions), w.str(o.dose), w.strs(o.cautions);
    w.ref(o.source), w.loc(o.loc);
  });
  w.vec(rb.rules, [&](const Rule& r) {
    w.str(r.id), w.str(r.title), w.i32(r.priority), w.i32(r.when), w.i32(r.disposition), w.i32(r.red_flag);
    w.str(r.red_flag_text), w.ints(r.sets), w.ints(r.recommends);
    w.vec(r.avoids, [&](const Avoid& a) { w.i32(a.option), w.str(a.reason); });
    w.i32(r.stop), w.ref(r.source), w.loc(r.loc), w.i32(r.stratum);
  });
  w.vec(rb.invariants, [&](const Invariant& inv) {
    w.str(inv.id), w.str(inv.title), w.i32(inv.when), w.i32(inv.at_least), w.i32(inv.at_most);
    w.i32(inv.has_disposition), w.ints(inv.recommended), w.ints(inv.not_recommended), w.ints(inv.avoided);
    w.ints(inv.monotone), w.loc(inv.loc);
  });
  w.vec(rb.conds, [&](const CondNode& n) {
    w.i32(static_cast<std::int32_t>(n.kind)), w.i32(static_cast<std::int32_t>(n.op)), w.i32(n.fact), w.i32(n.value);
    w.u32(n.first), w.u32(n.count);
  });
  w.ints(rb.cond_children);
  w.ints(rb.value_pool);
  w.strs(rb.cond_text);
  w.vec(rb.cond_loc, [&](const SourceLoc& l) { w.loc(l); });
  w.index(rb.readers), w.index(rb.setters), w.index(rb.gated), w.index(rb.rule_facts);
  w.ints(rb.rules_by_stratum_desc);

  std::string out(kMagic, sizeof kMagic);
  const std::uint64_t sum = fnv1a(w.bytes());
  out.append(reinterpret_cast<const char*>(&sum), sizeof sum);
  out += w.bytes();
  return out;
}

std::optional<RuleBase> deserialize_rule_base(std::string_view bytes) {
  if (bytes.size() < sizeof kMagic + 8 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return std::nullopt;
  std::uint64_t sum = 0;
  std::memcpy(&sum, bytes.data() + sizeof kMagic, sizeof sum);
  const std::string_view payload = bytes.substr(sizeof kMagic + sizeof sum);
  if (fnv1a(payload) != sum) return std::nullopt;
  Reader r(payload);
  RuleBase rb;
  rb.name = r.str();
  rb.version = r.str();
  rb.description = r.str();
  rb.sources = r.vec<Source>([&] {
    Source s;
    s.id = r.str(), s.title = r.str(), s.date = r.str(), s.about = r.str(), s.loc = r.loc();
    return s;
  });
  rb.dispositions = r.vec<Disposition>([&] {
    Disposition d;
    d.id = r.str(), d.title = r.str(), d.message = r.str(), d.show_plan = r.i32() != 0, d.safety_net = r.strs(), d.loc = r.loc();
    return d;
  });
  rb.facts = r.vec<Fact>([&] {
    Fact f;
    f.id = r.str(), f.type = static_cast<ValueType>(r.i32()), f.min = r.i32(), f.max = r.i32(), f.choices = r.strs();
    f.is_question = r.i32() != 0, f.text = r.str(), f.help = r.str(), f.order = r.i32(), f.ask_when = r.i32(), f.loc = r.loc();
    return f;
  });
  rb.question_count = r.i32();
  rb.question_order = r.ints();
  rb.options = r.vec<Option>([&] {
    Option o;
    o.id = r.str(), o.order = r.i32(), o.title = r.str(), o.instructions = r.str(), o.dose = r.str(), o.cautions = r.strs();
    o.source = r.ref(), o.loc = r.loc();
    return o;
  });
  rb.rules = r.vec<Rule>([&] {
    Rule x;
    x.id = r.str(), x.title = r.str(), x.priority = r.i32(), x.when = r.i32(), x.disposition = r.i32(), x.red_flag = r.i32() != 0;
    x.red_flag_text = r.str(), x.sets = r.ints(), x.recommends = r.ints();
    x.avoids = r.vec<Avoid>([&] {
      Avoid a;
      a.option = r.i32(), a.reason = r.str();
      return a;
    });
    x.stop = r.i32() != 0, x.source = r.ref(), x.loc = r.loc(), x.stratum = r.i32();
    return x;
  });
  rb.invariants = r.vec<Invariant>([&] {
    Invariant inv;
    inv.id = r.str(), inv.title = r.str(), inv.when = r.i32(), inv.at_least = r.i32(), inv.at_most = r.i32();
    inv.has_disposition = r.i32() != 0, inv.recommended = r.ints(), inv.not_recommended = r.ints(), inv.avoided = r.ints();
    inv.monotone = r.ints(), inv.loc = r.loc();
    return inv;
  });
  rb.conds = r.vec<CondNode>([&] {
    CondNode n;
    n.kind = static_cast<CondKind>(r.i32()), n.op = static_cast<CmpOp>(r.i32()), n.fact = r.i32(), n.value = r.i32();
    n.first = r.u32(), n.count = r.u32();
    return n;
  });
  rb.cond_children = r.ints();
  rb.value_pool = r.ints();
  rb.cond_text = r.strs();
  rb.cond_loc = r.vec<SourceLoc>([&] { return r.loc(); });
  rb.readers = r.index(), rb.setters = r.index(), rb.gated = r.index(), rb.rule_facts = r.index();
  rb.rules_by_stratum_desc = r.ints();
  if (r.failed() || !r.done() || !valid(rb)) return std::nullopt;
  compile_hot_rules(rb);
  for (size_t i = 0; i < rb.facts.size(); ++i) rb.fact_ids.emplace(rb.facts[i].id, static_cast<FactId>(i));
  for (size_t i = 0; i < rb.options.size(); ++i) rb.option_ids.emplace(rb.options[i].id, static_cast<OptionId>(i));
  for (size_t i = 0; i < rb.rules.size(); ++i) rb.rule_ids.emplace(rb.rules[i].id, static_cast<RuleId>(i));
  for (size_t i = 0; i < rb.dispositions.size(); ++i) rb.level_ids.emplace(rb.dispositions[i].id, static_cast<Level>(i));
  return rb;
}

std::uint64_t rule_files_key(const std::vector<std::pair<std::string, std::string>>& files, std::string_view version) {
  std::uint64_t h = fnv1a(version);
  h = fnv1a(std::string_view(kMagic, sizeof kMagic), h);
  for (const auto& [name, text] : files) {
    h = fnv1a(name, h);
    h = fnv1a(std::string_view("\0", 1), h);
    h = fnv1a(std::to_string(text.size()), h);
    h = fnv1a(text, h);
  }
  return h;
}

std::optional<RuleBase> load_rule_base_cached(const std::string& path, Diagnostics& diags, const std::string& cache_dir,
                                              std::string_view version) {
  const auto files = read_rule_files(path, diags);
  if (!files) return std::nullopt;
  if (cache_dir.empty()) return load_rule_base_texts(*files, diags);
  const std::string cache_file = fmt::format("{}/{:016x}.rb", cache_dir, rule_files_key(*files, version));
  {
    Diagnostics ignored;  // a missing or unreadable cache is just a miss
    if (auto bytes = yaml::read_file(cache_file, size_t{64} << 20, ignored)) {
      if (auto rb = deserialize_rule_base(*bytes)) {
        // Later analyses (rules check) quote source lines: give them the files' text.
        for (const auto& [name, text] : *files) diags.add_source(name, text);
        return rb;
      }
    }
  }
  auto rb = load_rule_base_texts(*files, diags);
  if (!rb) return rb;
  // Best effort: write to a temporary file and rename, so a reader never sees half a cache.
  std::error_code ec;
  std::filesystem::create_directories(cache_dir, ec);
  std::string temp = cache_file + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd >= 0) {
    const std::string bytes = serialize_rule_base(*rb);
    const bool written = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    ::close(fd);
    if (!written || std::rename(temp.c_str(), cache_file.c_str()) != 0) ::unlink(temp.c_str());
  }
  return rb;
}

}  // namespace backtriage
