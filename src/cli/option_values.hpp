// What an option's value may be, said in our words. Help shows a value name (FILE, ID=VALUE,
// text|json|markdown, 1-1000) instead of the parser's type placeholders, a value that is not
// allowed is refused saying what is, and the completer (completion.cpp) reads the same value names,
// so help, checks and completion cannot drift apart.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "model/model.hpp"

namespace backtriage::cli {

/// One of a fixed set of words, case-insensitive (--format JSON is json); its value name is the
/// words joined by '|', and default_value, when given, is said in the description.
CLI::Option* one_of(CLI::Option* option, std::vector<std::string> allowed);

/// A whole number from lo to hi; value name "lo-hi".
CLI::Option* whole_number(CLI::Option* option, long lo, long hi);

/// A file or folder that exists; value name given (PATH...).
CLI::Option* existing_path(CLI::Option* option, const std::string& value_name);

/// The value name of question q's flag: yes|no|unsure, 0-10, DAYS, or its choices joined by '|'.
std::string question_value_name(const RuleBase& rb, FactId q);

/// The words a value name stands for, when it is a list of them ("a|b|c"), or a short range of
/// whole numbers ("0-10": 0 to 10); otherwise none.
std::vector<std::string> words_of_value_name(const std::string& value_name);

}  // namespace backtriage::cli
