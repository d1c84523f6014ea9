#include "completion.hpp"

#include <algorithm>
#include <ostream>

#include "command_line.hpp"
#include "completion_scripts.hpp"
#include "option_values.hpp"

namespace backtriage::cli {

namespace {

void add_ids(std::vector<std::string>& out, const auto& items) {
  for (const auto& item : items) out.push_back(item.id);
}

std::vector<std::string> ids_of_kind(const RuleBase& rb, IdValues kind) {
  std::vector<std::string> ids;
  switch (kind) {
    case IdValues::question_answer:
      for (FactId q : rb.question_order) ids.push_back(rb.facts[static_cast<size_t>(q)].id + "=");
      break;
    case IdValues::explainable:
      add_ids(ids, rb.options);
      add_ids(ids, rb.dispositions);
      add_ids(ids, rb.rules);
      break;
    case IdValues::any:
      add_ids(ids, rb.facts);
      add_ids(ids, rb.rules);
      add_ids(ids, rb.options);
      add_ids(ids, rb.dispositions);
      add_ids(ids, rb.invariants);
      break;
  }
  return ids;
}

/// The values option may take, all of them (the caller keeps those that fit what is typed).
Completion values_of(const CLI::Option& option, const CommandTable& table, const RuleBase* rb, std::string_view typed) {
  Completion c;
  if (const auto ids = table.ids_for(&option)) {
    if (rb == nullptr) return c;
    const size_t equals = typed.find('=');
    if (*ids == IdValues::question_answer && equals != std::string_view::npos) {
      // After "pain_score=": the answers that question takes.
      const std::string id(typed.substr(0, equals));
      if (const auto q = rb->find_fact(id); q && rb->is_question(*q))
        for (const std::string& v : words_of_value_name(question_value_name(*rb, *q))) c.words.push_back(id + "=" + v);
      return c;
    }
    c.words = ids_of_kind(*rb, *ids);
    c.no_space = *ids == IdValues::question_answer;
    return c;
  }
  const std::string& name = option.get_option_text();
  if (name == "DIR") {
    c.kind = Completion::Kind::folders;
  } else if (name.starts_with("FILE") || name.starts_with("PATH")) {
    c.kind = Completion::Kind::files;
  } else {
    c.words = words_of_value_name(name);
  }
  return c;
}

/// The option names usable at the end of path, long ones first.
std::vector<std::string> option_words(std::span<const CLI::App* const> path) {
  std::vector<std::string> words;
  for (const CLI::Option* o : visible_options(path))
    for (const auto& l : o->get_lnames()) words.push_back("--" + l);
  for (const CLI::Option* o : visible_options(path))
    for (const auto& s : o->get_snames()) words.push_back("-" + s);
  return words;
}

/// The next positional argument of the deepest command, given how many it already has.
const CLI::Option* next_positional(const CLI::App& command, size_t given) {
  for (const CLI::Option* o : command.get_options()) {
    if (!o->get_positional() || !o->get_lnames().empty() || !o->get_snames().empty()) continue;
    const auto slots = static_cast<size_t>(std::max(o->get_items_expected_max(), 0));
    if (given < slots) return o;
    given -= slots;
  }
  return nullptr;
}

Completion keep_matching(Completion c, std::string_view typed) {
  std::erase_if(c.words, [&](const std::string& w) { return !w.starts_with(typed); });
  return c;
}

}  // namespace

Completion complete(const CLI::App& root, const CommandTable& table, const RuleBase* rb,
                    std::span<const std::string> words) {
  const std::string typed = words.empty() ? std::string() : words.back();
  const CommandLineWalk walk = walk_command_line(root, words.empty() ? words : words.first(words.size() - 1));
  const bool option_like = !walk.options_ended && typed.starts_with('-');

  // --format=js: the value after '=', offered whole.
  if (option_like && typed.find('=') != std::string::npos) {
    const std::string name = typed.substr(0, typed.find('='));
    const CLI::Option* o = option_named(walk.path, name);
    if (o == nullptr || !takes_value(*o)) return {};
    Completion c = values_of(*o, table, rb, typed.substr(name.size() + 1));
    for (std::string& w : c.words) w = name + "=" + w;
    return keep_matching(std::move(c), typed);
  }
  // --format js: the value of an option still waiting for one (or for more of them).
  if (walk.taking != nullptr && (walk.taken == 0 || !option_like))
    return keep_matching(values_of(*walk.taking, table, rb, typed), typed);

  Completion c;
  if (option_like) {
    c.words = option_words(walk.path);
    return keep_matching(std::move(c), typed);
  }
  const CLI::App& command = *walk.path.back();
  if (walk.arguments.empty())
    for (const CLI::App* sub : visible_subcommands(command)) c.words.push_back(sub->get_name());
  if (const CLI::Option* positional = next_positional(command, walk.arguments.size())) {
    Completion values = values_of(*positional, table, rb, typed);
    if (c.words.empty()) return keep_matching(std::move(values), typed);
    c.words.insert(c.words.end(), values.words.begin(), values.words.end());
  }
  return keep_matching(std::move(c), typed);
}

void print_completion(const Completion& completion, std::ostream& out) {
  switch (completion.kind) {
    case Completion::Kind::files: out << "files\n"; return;
    case Completion::Kind::folders: out << "folders\n"; return;
    case Completion::Kind::words: out << (completion.no_space ? "words-nospace\n" : "words\n"); break;
  }
  for (const std::string& w : completion.words) out << w << "\n";
}

std::string_view completion_script(std::string_view shell) {
  if (shell == "bash") return kBashCompletion;
  if (shell == "zsh") return kZshCompletion;
  if (shell == "fish") return kFishCompletion;
  return {};
}

}  // namespace backtriage::cli
