// Shell completion read from the command definitions themselves: the shells' scripts
// (completions/) only pass the words typed to `backtriage __complete` and show what it prints, so
// a new command, option or value is offered the moment it is defined, and nothing can drift.
#pragma once

#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "command.hpp"
#include "model/model.hpp"

namespace backtriage::cli {

struct Completion {
  enum class Kind { words, files, folders };
  Kind kind = Kind::words;
  bool no_space = false;            // the word goes on ("pain_score=" waits for its value)
  std::vector<std::string> words;   // whole words, each starting with what is being completed
};

/// What may follow the words typed (without the program's name; the last one being completed):
/// commands, options, and values from each option's value name, or from the rule base's ids
/// (rb may be null when the rule base is not valid).
Completion complete(const CLI::App& root, const CommandTable& table, const RuleBase* rb,
                    std::span<const std::string> words);

/// What __complete prints: a line "words", "words-nospace", "files" or "folders", then one word a line.
void print_completion(const Completion& completion, std::ostream& out);

/// The script that loads the completion into shell ("bash", "zsh" or "fish"), empty for another.
std::string_view completion_script(std::string_view shell);

}  // namespace backtriage::cli
