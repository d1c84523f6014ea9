// The compiled-rule cache as a trust boundary: every field survives the round trip for the
// shipped, example, benchmark and randomly generated rule bases; crafted files of every shape
// that once crashed, hung or misled a run are refused, fast, with a printable reason; folders and
// files are trusted only when they are ours and private; the key follows the files and the build.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "../../bench/synthetic.hpp"
#include "audit/verify.hpp"
#include "base/build_id.hpp"
#include "base/sha256.hpp"
#include "eval/evaluator.hpp"
#include "lang/cache.hpp"
#include "random_rule_base.hpp"
#include "test_support.hpp"

using namespace backtriage;
namespace fs = std::filesystem;

namespace {

using test::Files;
using test::RandomRuleBase;

const CacheKey kKey = rule_files_key({{"unit.yaml", "x"}}, "unit-test-build");

/// A private temporary folder, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "backtriage-cache-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
void write_whole(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}
unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}
/// The names in a folder that end with suffix (all of them by default), sorted.
std::vector<std::string> names_in(const std::string& dir, std::string_view suffix = "") {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().ends_with(suffix)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// The first line where two dumps differ, or nothing.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream a(expected), b(actual);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, la)), more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) return {};
    if (la != lb || more_a != more_b) return fmt::format("line {}:\n  from the YAML:  {}\n  from the cache: {}", line, la, lb);
  }
}

RuleBase load_files(const Files& files) {
  Diagnostics diags;
  auto rb = load_rule_base_texts(files, diags);
  REQUIRE_MESSAGE(rb.has_value(), diags.format_all());
  return std::move(*rb);
}

/// The same condition tree, node for node: kinds, operands, values of `in`, texts and places.
void check_same_condition(const RuleBase& a, CondId ca, const RuleBase& b, CondId cb) {
  REQUIRE((ca == kNoCond) == (cb == kNoCond));
  if (ca == kNoCond) return;
  const CondNode& x = a.conds[static_cast<size_t>(ca)];
  const CondNode& y = b.conds[static_cast<size_t>(cb)];
  REQUIRE(x.kind == y.kind);
  CHECK(x.op == y.op);
  CHECK(x.fact == y.fact);
  CHECK(x.value == y.value);
  REQUIRE(x.count == y.count);
  CHECK(a.cond_text[static_cast<size_t>(ca)] == b.cond_text[static_cast<size_t>(cb)]);
  CHECK(a.cond_loc[static_cast<size_t>(ca)].str() == b.cond_loc[static_cast<size_t>(cb)].str());
  for (std::uint32_t k = 0; k < x.count; ++k) {
    if (x.kind == CondKind::compare)
      CHECK(a.value_pool[x.first + k] == b.value_pool[y.first + k]);
    else
      check_same_condition(a, a.cond_children[x.first + k], b, b.cond_children[y.first + k]);
  }
}

/// The advice part (what a cache file holds) has no invariants, and every rule's and question's
/// condition reads, decides and explains as in the whole rule base, on random complete answers.
void check_advice_part(const RuleBase& rb, unsigned seed) {
  const RuleBase part = advice_part(rb);
  CHECK(part.invariants.empty());
  CHECK(part.invariants_left_out);
  CHECK_FALSE(rb.invariants_left_out);
  REQUIRE(part.rules.size() == rb.rules.size());
  for (size_t r = 0; r < rb.rules.size(); ++r) check_same_condition(rb, rb.rules[r].when, part, part.rules[r].when);
  for (size_t f = 0; f < rb.facts.size(); ++f) check_same_condition(rb, rb.facts[f].ask_when, part, part.facts[f].ask_when);
  std::mt19937 rng(seed);
  Evaluator whole(rb), advice(part);
  for (int n = 0; n < 200; ++n) {
    std::vector<Value> answers(static_cast<size_t>(rb.question_count));
    for (FactId q = 0; q < rb.question_count; ++q) {
      const Fact& f = rb.facts[static_cast<size_t>(q)];
      // a tenth left unanswered, so that the questions still relevant are compared too
      answers[static_cast<size_t>(q)] =
          rng() % 10 == 0 ? kUnknown : f.min + static_cast<Value>(rng() % static_cast<unsigned>(f.max - f.min + 1));
    }
    const Result& x = whole.evaluate(answers);
    const Result& y = advice.evaluate(answers);
    CHECK(x.disposition == y.disposition);
    CHECK(x.fired == y.fired);
    CHECK(x.recommended == y.recommended);
    CHECK(x.avoided == y.avoided);
    CHECK(x.missing == y.missing);
    CHECK(x.ignored == y.ignored);
  }
}

/// Serializes, reads back, and compares every field with the advice part of the rule base loaded
/// from the YAML.
void check_round_trip(const RuleBase& rb) {
  std::string why;
  const auto back = deserialize_rule_base(serialize_rule_base(rb, kKey), kKey, why);
  REQUIRE_MESSAGE(back.has_value(), why);
  const std::string difference = first_difference(test::dump::rule_base(advice_part(rb)), test::dump::rule_base(*back));
  CHECK_MESSAGE(difference.empty(), difference);
}

// --- Crafted cache files: the shapes that crashed, hung or misled a run before. -------------

constexpr size_t kHeaderBytes = 8 + 2 * sizeof(Sha256Digest);  // magic, key, digest of the body

/// A cache file with another body under the same header and a body digest that matches it, as
/// someone who knows the format would make it.
std::string rewrap(const std::string& file, const std::string& body) {
  const Sha256Digest digest = sha256(body);
  return file.substr(0, 8 + sizeof(Sha256Digest)) + std::string(reinterpret_cast<const char*>(digest.data()), digest.size()) + body;
}

/// The file with the count of sources (the first count in the body, after three texts) forged.
/// Where the body's first count (of sources) is, past name, version, description, title,
/// publisher and date, and after `texts` more texts.
size_t past_texts(std::string_view body, size_t at, int texts) {
  for (int text = 0; text < texts; ++text) {
    std::uint32_t length = 0;
    std::memcpy(&length, body.data() + at, sizeof length);
    at += sizeof length + length;
  }
  return at;
}

std::string with_forged_source_count(const std::string& file, std::uint32_t count) {
  std::string body = file.substr(kHeaderBytes);
  std::memcpy(body.data() + past_texts(body, 0, 6), &count, sizeof count);
  return rewrap(file, body);
}

/// The file with the first place's file number (the first source's, after its id, title, date
/// and about) forged: the first place must bring a new name, numbered 0.
std::string with_forged_file_number(const std::string& file, std::uint32_t number) {
  std::string body = file.substr(kHeaderBytes);
  const size_t place = past_texts(body, past_texts(body, 0, 6) + sizeof(std::uint32_t), 4);
  std::uint32_t written = 99;
  std::memcpy(&written, body.data() + place, sizeof written);
  REQUIRE(written == 0);
  std::memcpy(body.data() + place, &number, sizeof number);
  return rewrap(file, body);
}

/// Every place in fileA.yaml but the last option's, in fileB.yaml; then fileB's name, where it
/// comes as a new name, replaced by fileA's: the same name given twice, under a matching digest.
std::string with_a_file_name_twice(RuleBase rb, const CacheKey& key) {
  const auto set_all = [&](const FileName& f) {
    for (Source& x : rb.sources) x.loc.file = f;
    for (Disposition& x : rb.dispositions) x.loc.file = f;
    for (Fact& x : rb.facts) x.loc.file = f;
    for (Option& x : rb.options) x.loc.file = f;
    for (Rule& x : rb.rules) x.loc.file = f;
    for (Checklist& x : rb.checklists) x.loc.file = f;
    for (SourceLoc& x : rb.cond_loc) x.file = f;
  };
  set_all(FileName("fileA.yaml"));
  rb.options.back().loc.file = FileName("fileB.yaml");
  const std::string file = serialize_rule_base(rb, key);
  std::string body = file.substr(kHeaderBytes);
  const size_t at = body.find("fileB.yaml");
  REQUIRE(at != std::string::npos);
  REQUIRE(body.find("fileB.yaml", at + 1) == std::string::npos);
  body.replace(at, 10, "fileA.yaml");
  return rewrap(file, body);
}

FactId fact_of(const RuleBase& rb, const char* id) {
  const auto f = rb.find_fact(id);
  REQUIRE_MESSAGE(f.has_value(), id);
  return *f;
}
RuleId rule_of(const RuleBase& rb, const char* id) {
  const auto r = rb.find_rule(id);
  REQUIRE_MESSAGE(r.has_value(), id);
  return *r;
}

/// A chain of `not` over one comparison, `depth` levels deep, made the `when` of a rule.
RuleBase with_condition_chain(RuleBase rb, int depth) {
  const CondId leaf = static_cast<CondId>(rb.conds.size());
  rb.conds.push_back({CondKind::compare, CmpOp::eq, fact_of(rb, "saddle_numbness"), kYes, 0, 0});
  rb.cond_text.push_back("saddle_numbness == yes");
  rb.cond_loc.push_back({});
  for (CondId below = leaf; depth > 1; --depth, ++below) {
    rb.cond_children.push_back(below);
    rb.conds.push_back({CondKind::negation, CmpOp::eq, -1, 0, static_cast<std::uint32_t>(rb.cond_children.size() - 1), 1});
    rb.cond_text.push_back("not");
    rb.cond_loc.push_back({});
  }
  rb.rules[static_cast<size_t>(rule_of(rb, "saddle_numbness_emergency"))].when = static_cast<CondId>(rb.conds.size() - 1);
  return rb;
}

/// saddle_numbness as a choice of two (valid), with one comparison on it given a value past them.
RuleBase with_choice_value_out_of_range(RuleBase rb) {
  const FactId q = fact_of(rb, "saddle_numbness");
  Fact& f = rb.facts[static_cast<size_t>(q)];
  f.type = ValueType::choice;
  f.accepts_unsure = false;
  f.max = 1;
  f.choices = {"absent", "present"};
  for (CondNode& n : rb.conds)
    if (n.kind == CondKind::compare && n.fact == q) n.value = 7;
  return rb;
}

/// Every red flag rule brought down to self-care without a red flag: well formed, so only the
/// folder's and the file's ownership and modes can keep it out. What the planted cache did.
RuleBase with_red_flags_lowered(RuleBase rb) {
  for (Rule& r : rb.rules) {
    if (!r.red_flag) continue;
    r.red_flag = false;
    r.red_flag_text.clear();
    r.disposition = 0;
    r.stop = false;
  }
  return rb;
}

struct Crafted {
  std::string name;
  std::string bytes;
  std::string refusal;  // part of the reason it must be refused with
};

std::vector<Crafted> crafted_cache_files(const RuleBase& genuine, const CacheKey& key) {
  const auto file = [&](const RuleBase& rb) { return serialize_rule_base(rb, key); };
  const auto changed = [&](auto change) {
    RuleBase rb = genuine;
    change(rb);
    return file(rb);
  };
  const Level emergency = *genuine.find_level("emergency");
  const RuleId saddle = rule_of(genuine, "saddle_numbness_emergency");
  const std::string plain = file(genuine);
  return {
      {"condition_chain_300000", file(with_condition_chain(genuine, 300'000)), "conditions, more than the limit of 200000"},
      {"condition_depth_10000", file(with_condition_chain(genuine, 10'000)), "is nested deeper than 64 levels"},
      {"choice_value_out_of_range", file(with_choice_value_out_of_range(genuine)), "with a value outside its range"},
      {"yes_no_max_2147483647", changed([&](RuleBase& rb) { rb.facts[static_cast<size_t>(fact_of(rb, "saddle_numbness"))].max = INT_MAX; }),
       "yes/no question 'saddle_numbness' has the range 0 to 2147483647"},
      {"forged_count_4294967295", with_forged_source_count(plain, 0xFFFFFFFFu), "4294967295 sources, more than the limit of 200000"},
      {"forged_count_199999", with_forged_source_count(plain, 199'999), "199999 sources cannot fit in the"},
      {"forged_file_number", with_forged_file_number(plain, 7), "a place names file #7 of 0"},
      {"file_name_twice", with_a_file_name_twice(genuine, key), "a file name is given twice"},
      {"escape_in_a_title", changed([&](RuleBase& rb) { rb.dispositions[static_cast<size_t>(emergency)].title = "\x1b[2J\x1b[HSelf-care at home"; }),
       "control character U+001B"},
      {"osc52_in_a_red_flag", changed([&](RuleBase& rb) { rb.rules[static_cast<size_t>(saddle)].red_flag_text = "\x1b]52;c;cm0gLXJmIH4K\x07"; }),
       "control character U+001B"},
      {"carriage_return_in_a_message", changed([&](RuleBase& rb) { rb.dispositions[0].message = "Go to the emergency department now\rSelf-care"; }),
       "carriage return character"},
      {"c1_control_in_an_option", changed([&](RuleBase& rb) { rb.options[0].title = "Rest \xc2\x9b" "2J"; }), "C1 control character U+009B"},
      {"bidi_override_in_a_question", changed([&](RuleBase& rb) { rb.facts[0].text = "Numbness? \xe2\x80\xae" "on"; }),
       "bidirectional control character U+202E"},
      {"shared_condition", changed([&](RuleBase& rb) { rb.rules[1].when = rb.rules[0].when; }), "is used twice"},
      {"wrong_stratum", changed([&](RuleBase& rb) { rb.rules[0].stratum = 3; }), "has the stratum 3"},
      {"checklist_member_not_yes_no", changed([&](RuleBase& rb) { rb.checklists[0].members[1] = fact_of(rb, "pain_score"); }),
       "lists something that is not a yes/no question"},
      {"checklist_members_reordered", changed([&](RuleBase& rb) { std::swap(rb.checklists[0].members[0], rb.checklists[0].members[1]); }),
       "out of question order"},
      {"checklist_member_a_derived_fact", changed([&](RuleBase& rb) { rb.checklists[0].members[1] = rb.question_count; }),
       "lists something that is not a yes/no question"},
      {"checklist_member_out_of_range", changed([&](RuleBase& rb) { rb.checklists[0].members[1] = 1'000'000; }),
       "lists something that is not a yes/no question"},
      {"checklist_named_as_a_disposition", changed([&](RuleBase& rb) { rb.checklists[0].id = "emergency"; }),
       "has no id of its own"},
      {"question_in_two_checklists", changed([&](RuleBase& rb) { rb.checklists[1].members.push_back(rb.checklists[0].members[0]); }),
       "listed already"},
      {"truncated", plain.substr(0, plain.size() / 2), "SHA-256"},
  };
}

}  // namespace

TEST_SUITE("cache") {

TEST_CASE("every field of the shipped and example rule bases reads back from the cache") {
  for (const char* dir : {"rules", "docs/examples/tiny", "tests/check/valid_base/rules"}) {
    CAPTURE(dir);
    check_round_trip(test::load_dir(dir));
  }
}

TEST_CASE("a cache file leaves out the invariants and their conditions, and decides as the whole rule base") {
  const RuleBase shipped = test::load_dir("rules");
  REQUIRE_FALSE(shipped.invariants.empty());
  check_advice_part(shipped, 1);
  // Most of the shipped conditions are the invariants': the cache file is a fraction of what it was.
  CHECK(advice_part(shipped).conds.size() * 4 < shipped.conds.size());
  for (const char* dir : {"docs/examples/tiny", "tests/check/valid_base/rules"}) {
    CAPTURE(dir);
    check_advice_part(test::load_dir(dir), 2);
  }
  for (unsigned seed = 1; seed <= 100; ++seed) {
    CAPTURE(seed);
    check_advice_part(load_files(RandomRuleBase(seed).files()), seed);
  }
}

TEST_CASE("a rule base the cache cannot hold (a chain of 70 derived facts) is used whole, uncached") {
  // The loader accepts any chain; the cache's checks stop at 64. Leaving the invariants out must
  // not turn that into a failure: the run goes on with the whole base, as it did before.
  TempDir dir;
  fs::create_directory(dir / "rules");
  for (const auto& entry : fs::directory_iterator(std::string(BACKTRIAGE_SOURCE_DIR) + "/rules"))
    fs::copy_file(entry.path(), fs::path(dir / "rules") / entry.path().filename());
  std::string chain = "facts:\n";
  for (int i = 0; i < 70; ++i) chain += fmt::format("  - id: chain_{}\n    text: step {} of a long chain\n", i, i);
  chain += "rules:\n";
  for (int i = 0; i < 70; ++i)
    chain += fmt::format(
        "  - id: chain_rule_{}\n    title: Step {} of a long chain\n    when: {}\n    then: {{set: chain_{}}}\n"
        "    source: {{ref: seed_000, section: When Do You See A Doctor}}\n",
        i, i, i == 0 ? std::string("fever == yes") : fmt::format("chain_{} == yes", i - 1), i);
  write_whole(dir / "rules/chain.yaml", chain);
  Diagnostics diags;
  CacheReport report;
  const auto rb = load_rule_base_cached(dir / "rules", diags, RuleCache{dir / "cache", "build"}, report);
  REQUIRE_MESSAGE(rb.has_value(), diags.format_all());
  CHECK_FALSE(rb->invariants.empty());
  CHECK_FALSE(rb->invariants_left_out);
  CHECK_FALSE(report.written);
  CHECK_FALSE(report.read);
  CHECK_THROWS_AS(advice_part(*rb), std::logic_error);
}

TEST_CASE("every field of generated rule bases reads back from the cache") {
  for (int rules : {100, 1000}) {
    CAPTURE(rules);
    check_round_trip(load_files(bench::synthetic_rule_base(rules, static_cast<unsigned>(rules))));
  }
  for (unsigned seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    check_round_trip(load_files(RandomRuleBase(seed).files()));
  }
}

TEST_CASE("a rule base read through the cache folder is the one the YAML gives, and evaluates the same") {
  TempDir cache;
  const std::string rules = std::string(BACKTRIAGE_SOURCE_DIR) + "/rules";
  const RuleCache settings{cache / "folder", "build-a"};
  Diagnostics d1, d2, d3;
  CacheReport first, second;
  const auto from_yaml = load_rule_base(rules, d1);
  const auto written = load_rule_base_cached(rules, d2, settings, first);
  const auto read = load_rule_base_cached(rules, d3, settings, second);
  REQUIRE(from_yaml.has_value());
  REQUIRE(read.has_value());
  CHECK(first.problem == "");
  CHECK(second.problem == "");
  CHECK(first.written);
  CHECK_FALSE(first.read);
  CHECK(second.read);
  CHECK_FALSE(second.written);
  // The first run uses what the later ones read: the advice part, from the cache file's bytes.
  CHECK(first_difference(test::dump::rule_base(advice_part(*from_yaml)), test::dump::rule_base(*written)) == "");
  CHECK(first_difference(test::dump::rule_base(advice_part(*from_yaml)), test::dump::rule_base(*read)) == "");
  CHECK(read->invariants.empty());
  CHECK_FALSE(from_yaml->invariants.empty());
  // No proof from a base without its invariants: "every invariant holds" would be vacuous.
  CHECK_THROWS_AS(verify(*read), std::logic_error);
  // Without a cache folder (the audits) the whole rule base, invariants included.
  Diagnostics d4;
  CacheReport none;
  const auto whole = load_rule_base_cached(rules, d4, RuleCache{}, none);
  REQUIRE(whole.has_value());
  CHECK(whole->invariants.size() == from_yaml->invariants.size());
  CHECK_FALSE(whole->invariants_left_out);
  Evaluator a(*from_yaml), b(*read);
  const auto answers = test::answers(*read, {{"saddle_numbness", "yes"}});
  CHECK(a.evaluate(answers).disposition == b.evaluate(answers).disposition);
  CHECK(b.result().disposition == *read->find_level("emergency"));
}

TEST_CASE("crafted cache files are refused fast, with a printable reason") {
  // Crafted from what a cache file holds (no invariants), which serialize_rule_base writes as it is.
  const RuleBase genuine = advice_part(test::load_dir("rules"));
  for (const Crafted& crafted : crafted_cache_files(genuine, kKey)) {
    CAPTURE(crafted.name);
    std::string why;
    const auto start = std::chrono::steady_clock::now();
    const auto rb = deserialize_rule_base(crafted.bytes, kKey, why);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK_FALSE(rb.has_value());
    CHECK_MESSAGE(why.find(crafted.refusal) != std::string::npos, why);
    CHECK_FALSE(check_text(why, false).has_value());
    CHECK(took < std::chrono::seconds(2));
  }
}

TEST_CASE("a well-formed cache of other advice passes the checks: only ownership and modes keep it out") {
  const RuleBase genuine = test::load_dir("rules");
  std::string why;
  const auto planted = deserialize_rule_base(serialize_rule_base(with_red_flags_lowered(genuine), kKey), kKey, why);
  REQUIRE_MESSAGE(planted.has_value(), why);
  Evaluator ev(*planted);
  CHECK(ev.evaluate(test::answers(*planted, {{"saddle_numbness", "yes"}})).disposition == 0);
}

TEST_CASE("a truncated, altered or extended cache file is refused, never half-read") {
  const std::string bytes = serialize_rule_base(test::load_dir("docs/examples/tiny"), kKey);
  std::string why;
  for (size_t n = 0; n < bytes.size(); n += 7) CHECK_FALSE(deserialize_rule_base(bytes.substr(0, n), kKey, why).has_value());
  for (size_t i = 0; i < bytes.size(); i += 5) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    CAPTURE(i);
    CHECK_FALSE(deserialize_rule_base(bad, kKey, why).has_value());
  }
  CHECK_FALSE(deserialize_rule_base(bytes + "x", kKey, why).has_value());
  CHECK_FALSE(deserialize_rule_base(rewrap(bytes, bytes.substr(kHeaderBytes) + "x"), kKey, why).has_value());
  CHECK(why == "1 more byte after the end");
  CHECK_FALSE(deserialize_rule_base(bytes, rule_files_key({}, "another build"), why).has_value());
  CHECK(why == "made for other rule files or another build");
}

TEST_CASE("the cache key changes with any byte, name, size or split of the files, and with the build id") {
  const Files files = {{"a.yaml", "x: 1\n"}, {"b.yaml", "y: 2\n"}};
  const CacheKey key = rule_files_key(files, "build-1");
  CHECK(rule_files_key(files, "build-1") == key);
  CHECK(rule_files_key(files, "build-2") != key);
  Files renamed = files, edited = files, split = files;
  renamed[0].first = "c.yaml";
  edited[1].second = "y: 3\n";
  split[0].second += "y";  // the same bytes in all, framed differently
  split[1].first = ": 2\n";
  CHECK(rule_files_key(renamed, "build-1") != key);
  CHECK(rule_files_key(edited, "build-1") != key);
  CHECK(rule_files_key(split, "build-1") != key);
  CHECK(rule_files_key({{"a.yamlx", ": 1\n"}, {"b.yaml", "y: 2\n"}}, "build-1") != key);
  CHECK(hex(key).size() == 64);
}

TEST_CASE("the running program has a build id, and a rebuilt program does not read the old cache") {
  const auto id = running_build_id();
  REQUIRE(id.has_value());
  CHECK(id->size() >= 16);  // GNU ld's default is a 20-byte SHA-1
  TempDir cache;
  const std::string rules = std::string(BACKTRIAGE_SOURCE_DIR) + "/docs/examples/tiny";
  Diagnostics diags;
  CacheReport old_build, new_build, again;
  load_rule_base_cached(rules, diags, {cache.path(), "old build"}, old_build);
  load_rule_base_cached(rules, diags, {cache.path(), "new build"}, new_build);
  load_rule_base_cached(rules, diags, {cache.path(), "new build"}, again);
  CHECK(old_build.written);
  CHECK_FALSE(new_build.read);
  CHECK(new_build.written);
  CHECK(again.read);
  CHECK(names_in(cache.path(), ".rb").size() == 2);
}

TEST_CASE("without a build id there is no cache at all") {
  TempDir cache;
  Diagnostics diags;
  CacheReport report;
  const auto rb = load_rule_base_cached(std::string(BACKTRIAGE_SOURCE_DIR) + "/docs/examples/tiny", diags,
                                        {cache / "folder", ""}, report);
  CHECK(rb.has_value());
  CHECK(report.problem.find("no build id") != std::string::npos);
  CHECK_FALSE(fs::exists(cache / "folder"));
}

TEST_CASE("under umask 000 the cache folders are created 0700 and the cache file 0600") {
  TempDir cache;
  const mode_t saved = ::umask(0);
  Diagnostics diags;
  CacheReport report;
  load_rule_base_cached(std::string(BACKTRIAGE_SOURCE_DIR) + "/docs/examples/tiny", diags,
                        {cache / "xdg/backtriage", "build"}, report);
  ::umask(saved);
  CHECK(report.written);
  CHECK(mode_of(cache / "xdg") == 0700);
  CHECK(mode_of(cache / "xdg/backtriage") == 0700);
  const auto files = names_in(cache / "xdg/backtriage");
  REQUIRE(files.size() == 2);  // the rule base and the index of the files' stamps (tiny/ is old)
  for (const auto& file : files) CHECK(mode_of(cache / ("xdg/backtriage/" + file)) == 0600);
}

TEST_CASE("an untrusted cache folder or file is neither read nor written, and the report says why") {
  TempDir cache;
  const std::string rules = std::string(BACKTRIAGE_SOURCE_DIR) + "/rules";
  const std::string folder = cache / "folder";
  const RuleCache settings{folder, "build"};
  Diagnostics diags;
  CacheReport report;
  REQUIRE(load_rule_base_cached(rules, diags, settings, report).has_value());
  const std::string name = names_in(folder, ".rb").at(0);
  const std::string file = folder + "/" + name;
  // A well-formed plant of other advice: read, it would make saddle numbness self-care.
  const std::string planted = serialize_rule_base(with_red_flags_lowered(test::load_dir("rules")), rule_files_key(*read_rule_files(rules, diags), "build"));
  const auto load = [&] {
    Diagnostics d;
    report = {};
    auto rb = load_rule_base_cached(rules, d, settings, report);
    REQUIRE(rb.has_value());
    Evaluator ev(*rb);
    return ev.evaluate(test::answers(*rb, {{"saddle_numbness", "yes"}})).disposition;
  };
  const Level emergency = *test::load_dir("rules").find_level("emergency");

  SUBCASE("ours and private: used (the control case)") {
    write_whole(file, planted);
    CHECK(load() == 0);
    CHECK(report.read);
  }
  SUBCASE("a file writable by group or others") {
    write_whole(file, planted);
    ::chmod(file.c_str(), 0666);
    CHECK(load() == emergency);
    CHECK_FALSE(report.read);
    CHECK_FALSE(report.written);
    CHECK(report.problem.find("is writable by group or others (mode 0666); it is neither read nor replaced") != std::string::npos);
    CHECK(read_whole(file) == planted);
  }
  SUBCASE("a folder writable by group or others") {
    write_whole(file, planted);
    ::chmod(folder.c_str(), 0777);
    CHECK(load() == emergency);
    CHECK_FALSE(report.read);
    CHECK(report.problem.find("is writable by group or others (mode 0777); it is neither read nor written") != std::string::npos);
    ::unlink(file.c_str());
    CHECK(load() == emergency);
    CHECK_FALSE(report.written);
    CHECK(names_in(folder, ".rb").empty());
  }
  SUBCASE("a file or folder owned by another user") {
    if (::geteuid() != 0) {
      MESSAGE("skipped: changing an owner needs root");
      return;
    }
    write_whole(file, planted);
    REQUIRE(::chown(file.c_str(), 65534, 65534) == 0);
    CHECK(load() == emergency);
    CHECK(report.problem.find("is owned by uid 65534, not by the user running backtriage (uid 0)") != std::string::npos);
    CHECK(read_whole(file) == planted);
    REQUIRE(::chown(file.c_str(), 0, 0) == 0);
    REQUIRE(::chown(folder.c_str(), 65534, 65534) == 0);
    CHECK(load() == emergency);
    CHECK(report.problem.find("the cache folder") != std::string::npos);
    CHECK(report.problem.find("owned by uid 65534") != std::string::npos);
    CHECK(read_whole(file) == planted);
  }
  SUBCASE("a symbolic link, a FIFO or a folder in place of the file") {
    ::unlink(file.c_str());
    write_whole(cache / "elsewhere", planted);
    REQUIRE(::symlink((cache / "elsewhere").c_str(), file.c_str()) == 0);
    CHECK(load() == emergency);
    CHECK(report.problem.find("it is a symbolic link") != std::string::npos);
    ::unlink(file.c_str());
    REQUIRE(::mkfifo(file.c_str(), 0600) == 0);
    CHECK(load() == emergency);
    CHECK(report.problem.find("is not a regular file") != std::string::npos);
    ::unlink(file.c_str());
    REQUIRE(::mkdir(file.c_str(), 0700) == 0);
    CHECK(load() == emergency);
    CHECK(report.problem.find("is not a regular file") != std::string::npos);
  }
  SUBCASE("a symbolic link in place of the folder") {
    fs::rename(folder, cache / "real");
    REQUIRE(::symlink((cache / "real").c_str(), folder.c_str()) == 0);
    CHECK(load() == emergency);
    CHECK(report.problem.find("is not a folder") != std::string::npos);
    CHECK_FALSE(report.written);
  }
  SUBCASE("a damaged file of ours is refused and replaced") {
    write_whole(file, planted.substr(0, 100));
    CHECK(load() == emergency);
    CHECK(report.problem.find("was refused: its contents do not match their SHA-256") != std::string::npos);
    CHECK(report.written);
    CHECK(load() == emergency);
    CHECK(report.read);
    CHECK(report.problem == "");
  }
}

namespace {
/// A copy of docs/examples/tiny in a folder of its own, whose files the test may edit.
std::string copy_of_tiny(const TempDir& dir) {
  const std::string rules = dir / "rules";
  fs::create_directory(rules);
  for (const auto& e : fs::directory_iterator(std::string(BACKTRIAGE_SOURCE_DIR) + "/docs/examples/tiny"))
    if (e.path().extension() == ".yaml") fs::copy_file(e.path(), rules + "/" + e.path().filename().string());
  return rules;
}
std::string first_rule_title(const RuleBase& rb) { return rb.rules.at(0).title; }
}  // namespace

TEST_CASE("a later run finds its cache entry by the rule files' stamps, without reading them") {
  TempDir dir;
  const std::string rules = copy_of_tiny(dir);
  const RuleCache settings{dir / "cache", "build", 0};  // 0: files count as settled at once
  Diagnostics diags;
  CacheReport first, second;
  const auto written = load_rule_base_cached(rules, diags, settings, first);
  const auto read = load_rule_base_cached(rules, diags, settings, second);
  REQUIRE(written.has_value());
  REQUIRE(read.has_value());
  CHECK(first.written);
  CHECK_FALSE(first.by_stamps);
  CHECK(second.read);
  CHECK(second.by_stamps);
  CHECK(second.problem == "");
  CHECK(names_in(dir / "cache", ".idx").size() == 1);
  CHECK(first_difference(test::dump::rule_base(*written), test::dump::rule_base(*read)) == "");
}

TEST_CASE("before_load hears the rule files' total size once, before either load, hit or miss") {
  TempDir dir;
  const std::string rules = copy_of_tiny(dir);
  size_t yaml_bytes = 0;
  for (const auto& e : fs::directory_iterator(rules)) yaml_bytes += static_cast<size_t>(e.file_size());
  REQUIRE(yaml_bytes > 0);
  std::vector<size_t> heard;
  RuleCache settings{dir / "cache", "build", 0};
  settings.before_load = [&](size_t bytes) { heard.push_back(bytes); };
  Diagnostics diags;
  CacheReport miss, hit;
  REQUIRE(load_rule_base_cached(rules, diags, settings, miss).has_value());
  REQUIRE(load_rule_base_cached(rules, diags, settings, hit).has_value());
  CHECK(miss.written);
  CHECK(hit.by_stamps);
  CHECK(heard == std::vector<size_t>{yaml_bytes, yaml_bytes});
}

TEST_CASE("writing a cache entry removes the oldest beyond eight, and nothing that is not an entry of ours") {
  TempDir dir;
  const std::string rules = copy_of_tiny(dir);
  const std::string folder = dir / "cache";
  const RuleCache settings{folder, "build", 0};
  Diagnostics diags;
  CacheReport report;
  REQUIRE(load_rule_base_cached(rules, diags, settings, report).has_value());
  REQUIRE(report.written);
  const std::string first = names_in(folder, ".rb").at(0);
  // Ten older entries, written 1 to 10 days ago, and files that only look like entries.
  const auto plant = [&](const std::string& name, int days_ago) {
    std::ofstream(folder + "/" + name) << "not read";
    fs::last_write_time(folder + "/" + name, fs::file_time_type::clock::now() - std::chrono::hours(24 * days_ago));
  };
  std::vector<std::string> old;
  for (int days = 1; days <= 10; ++days) {
    old.push_back(std::string(63, 'a') + static_cast<char>('0' + days % 10) + ".rb");
    plant(old.back(), days);
  }
  plant(std::string(64, 'A') + ".rb", 30);  // upper case: not a name the cache gives
  plant("notes.rb", 30);
  plant(std::string(64, 'b') + ".rb.bak", 30);
  fs::create_symlink(folder + "/notes.rb", folder + "/" + std::string(64, 'c') + ".rb");
  // An edit names a new entry.
  std::ofstream(rules + "/" + fs::directory_iterator(rules)->path().filename().string(), std::ios::app) << "\n# edited\n";
  REQUIRE(load_rule_base_cached(rules, diags, settings, report).has_value());
  REQUIRE(report.written);
  const auto left = names_in(folder, ".rb");
  const auto kept = [&](const std::string& name) { return std::find(left.begin(), left.end(), name) != left.end(); };
  CHECK(kept(first));
  for (size_t i = 0; i < old.size(); ++i) CHECK_MESSAGE(kept(old[i]) == (i < 6), old[i]);
  CHECK(kept(std::string(64, 'A') + ".rb"));
  CHECK(kept("notes.rb"));
  CHECK(kept(std::string(64, 'c') + ".rb"));
  CHECK(fs::exists(folder + "/" + std::string(64, 'b') + ".rb.bak"));
  // Eight entries of ours: the new one, the first and the six newest planted.
  CHECK(std::count_if(left.begin(), left.end(), [](const std::string& n) {
          return n.size() == 67 && n.find_first_not_of("0123456789abcdef") == 64;
        }) == 9);  // and the link, which looks like one but is left alone
}

TEST_CASE("an edited, renamed, added or removed rule file is never read through old stamps") {
  TempDir dir;
  const std::string rules = copy_of_tiny(dir);
  const RuleCache settings{dir / "cache", "build", 0};
  const auto load = [&](CacheReport& report) {
    Diagnostics diags;
    auto rb = load_rule_base_cached(rules, diags, settings, report);
    REQUIRE(rb.has_value());
    return *rb;
  };
  CacheReport report;
  const std::string title = first_rule_title(load(report));
  REQUIRE(title.size() > 1);
  load(report);
  REQUIRE(report.by_stamps);
  std::string file;  // the one that holds the title
  for (const auto& name : names_in(rules, ".yaml"))
    if (read_whole(rules + "/" + name).find(title) != std::string::npos) file = rules + "/" + name;
  REQUIRE(!file.empty());
  const std::string text = read_whole(file);
  // The same size, a different title: only the stamps can tell (the clock moves on first).
  std::string edited = text;
  edited[edited.find(title)] = title[0] == 'X' ? 'Y' : 'X';
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  write_whole(file, edited);
  const RuleBase after_edit = load(report);
  CHECK_FALSE(report.by_stamps);
  CHECK(first_rule_title(after_edit) != title);
  CHECK(first_rule_title(after_edit).substr(1) == title.substr(1));
  CHECK(first_rule_title(load(report)) == first_rule_title(after_edit));
  CHECK(report.by_stamps);
  // A file added (no more rules: the same rule base) or taken away changes the stamps too.
  write_whole(rules + "/zz_more.yaml", "options: []\n");
  load(report);
  CHECK_FALSE(report.by_stamps);
  CHECK(report.written);  // a new file, a new key
  fs::remove(rules + "/zz_more.yaml");
  load(report);
  CHECK(report.by_stamps);  // back to the stamps recorded before
}

TEST_CASE("stamps of rule files changed in the last seconds are not recorded") {
  TempDir dir;
  const std::string rules = copy_of_tiny(dir);  // written just now
  const RuleCache settings{dir / "cache", "build"};  // the default settling time
  Diagnostics diags;
  CacheReport first, second;
  load_rule_base_cached(rules, diags, settings, first);
  load_rule_base_cached(rules, diags, settings, second);
  CHECK(first.written);
  CHECK(second.read);
  CHECK_FALSE(second.by_stamps);
  CHECK(names_in(dir / "cache", ".idx").empty());
}

TEST_CASE("an index file that is not ours and private, or not an index of these stamps, is not followed") {
  TempDir dir;
  const std::string rules = copy_of_tiny(dir);
  const RuleCache settings{dir / "cache", "build", 0};
  Diagnostics diags;
  CacheReport report;
  load_rule_base_cached(rules, diags, settings, report);
  const std::string index = dir / ("cache/" + names_in(dir / "cache", ".idx").at(0));
  const std::string genuine = read_whole(index);
  const auto load = [&] {
    report = {};
    Diagnostics d;
    REQUIRE(load_rule_base_cached(rules, d, settings, report).has_value());
  };
  SUBCASE("writable by others: neither followed nor replaced") {
    ::chmod(index.c_str(), 0666);
    load();
    CHECK_FALSE(report.by_stamps);
    CHECK(report.read);  // by the files' contents
    CHECK(report.problem.find("is writable by group or others (mode 0666); it is neither read nor replaced") != std::string::npos);
    CHECK(read_whole(index) == genuine);
  }
  SUBCASE("a genuine index of other rule files, under this index's name: not followed, and replaced") {
    // Another folder's index points to its own (valid) entry: only the stamps' digest inside it
    // tells that it belongs to other files.
    TempDir other_dir;
    const std::string other = copy_of_tiny(other_dir);
    write_whole(other + "/zz_more.yaml", "options: []\n");  // another rule base, another entry
    Diagnostics d;
    CacheReport other_report;
    REQUIRE(load_rule_base_cached(other, d, settings, other_report).has_value());
    std::string foreign;
    for (const auto& name : names_in(dir / "cache", ".idx"))
      if (dir / ("cache/" + name) != index) foreign = read_whole(dir / ("cache/" + name));
    REQUIRE(foreign.size() == genuine.size());
    REQUIRE(foreign != genuine);
    write_whole(index, foreign);
    load();
    CHECK_FALSE(report.by_stamps);
    CHECK(report.read);
    CHECK(read_whole(index) == genuine);
  }
  SUBCASE("damaged: not followed, and replaced") {
    for (const std::string& bad : {genuine.substr(0, 40), genuine + "x", std::string(genuine.size(), '\0')}) {
      write_whole(index, bad);
      load();
      CHECK_FALSE(report.by_stamps);
      CHECK(report.read);
      CHECK(read_whole(index) == genuine);
      load();
      CHECK(report.by_stamps);
    }
  }
}

TEST_CASE("crafted cache files are written for the end-to-end script when it asks") {
  // tests/cli/cache_trust.sh plants these at the exact path the binary uses: it passes the
  // binary's own (genuine) cache file, whose header holds the key, and a folder to write into.
  const char* from = std::getenv("BACKTRIAGE_CRAFT_FROM");
  const char* into = std::getenv("BACKTRIAGE_CRAFT_INTO");
  if (!from || !into) return;
  const std::string genuine_file = read_whole(from);
  REQUIRE(genuine_file.size() > kHeaderBytes);
  CacheKey key{};
  std::memcpy(key.data(), genuine_file.data() + 8, key.size());
  std::string why;
  const auto genuine = deserialize_rule_base(genuine_file, key, why);
  REQUIRE_MESSAGE(genuine.has_value(), why);
  for (const Crafted& crafted : crafted_cache_files(*genuine, key)) write_whole(std::string(into) + "/" + crafted.name + ".rb", crafted.bytes);
  write_whole(std::string(into) + "/red_flags_lowered.rb", serialize_rule_base(with_red_flags_lowered(*genuine), key));
}
}
