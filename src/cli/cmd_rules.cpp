// `backtriage rules ...`: auditing the rule base.
#include <algorithm>
#include <filesystem>
#include <ostream>
#include <memory>

#include <fmt/format.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "audit/answer_space.hpp"
#include "audit/audit.hpp"
#include "audit/graph.hpp"
#include "audit/scenario.hpp"
#include "audit/coverage.hpp"
#include "audit/verify.hpp"
#include "class_count_json.hpp"
#include "base/text.hpp"
#include "command.hpp"
#include "commands.hpp"
#include "option_values.hpp"
#include "eval/evaluator.hpp"
#include "exit_code.hpp"
#include "sarif.hpp"
#include "scenario_report.hpp"

namespace backtriage::cli {

namespace {

/// Scenario files named on the command line: files as given, folders expanded to their
/// *.yaml / *.yml files in name order.
std::vector<std::string> scenario_files(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> inside;
    for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      const auto ext = it->path().extension().string();
      if (ext == ".yaml" || ext == ".yml") inside.push_back(it->path().string());
    }
    if (ec) throw Error(fmt::format("{}: cannot list the folder: {}", p, ec.message()), ErrorKind::failure);
    if (inside.empty()) throw Error(fmt::format("{}: no .yaml scenario files in this folder", printable(p)), ErrorKind::bad_input);
    std::sort(inside.begin(), inside.end());
    files.insert(files.end(), inside.begin(), inside.end());
  }
  return files;
}

}  // namespace

int cmd_rules_test(const RuleBase& rb, const std::vector<std::string>& paths, const std::string& format,
                   bool coverage, std::ostream& out, std::ostream& err) {
  if (coverage && (format == "tap" || format == "junit"))
    throw Error(fmt::format("rules test --coverage reports in text or json, not {}: run it once more with "
                            "--format json for the coverage",
                            format),
                ErrorKind::bad_input);
  Evaluator ev(rb);
  CoverageCounter counter(rb);
  std::vector<ScenarioOutcome> outcomes;
  for (const auto& file : scenario_files(paths)) {
    ScenarioOutcome o;
    o.file = file;
    Diagnostics diags;
    const auto scenario = load_scenario(file, rb, diags);
    if (!scenario) {
      o.readable = false;
      o.diagnostics = diags.format_all();
      err << o.diagnostics;
    } else {
      o.description = scenario->description;
      o.failures = check_scenario(*scenario, ev);
      counter.add(ev);
    }
    outcomes.push_back(std::move(o));
  }
  const CoverageReport report = counter.report();
  if (format == "tap") {
    write_scenarios_tap(outcomes, out);
  } else if (format == "junit") {
    write_scenarios_junit(outcomes, out);
  } else if (format == "json") {
    write_scenarios_json(outcomes, coverage ? &report : nullptr, rb, out);
  } else {
    write_scenarios_text(outcomes, out);
    if (coverage) write_coverage_text(report, rb, out);
  }
  const bool all_passed = std::all_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.passed(); });
  return all_passed ? 0 : static_cast<int>(ExitCode::other);
}

int cmd_rules_check(const LoadedRules& rules, const CheckOptions& opts, std::ostream& out, std::ostream& err) {
  Diagnostics diags = rules.diags;
  if (rules.rb) audit_rule_base(*rules.rb, diags);
  if (opts.strict) diags.promote_warnings();
  diags.sort();
  const bool valid = rules.rb && !diags.has_errors();
  if (opts.format == "sarif") {
    out << sarif_log(diags, BACKTRIAGE_VERSION);
    return valid ? 0 : static_cast<int>(ExitCode::invalid_rules);
  }
  if (opts.format == "json") {
    nlohmann::ordered_json j;
    j["rule_base"] = rules.path;
    j["valid"] = valid;
    j["errors"] = diags.error_count();
    j["warnings"] = diags.warning_count();
    j["diagnostics"] = nlohmann::ordered_json::array();
    for (const auto& d : diags.items())
      j["diagnostics"].push_back({{"severity", severity_name(d.severity)},
                                  {"file", d.loc.file},
                                  {"line", d.loc.line},
                                  {"col", d.loc.col},
                                  {"message", d.message}});
    out << json_safe(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) << "\n";
    return valid ? 0 : static_cast<int>(ExitCode::invalid_rules);
  }
  err << diags.format_all();
  if (!valid) {
    err << fmt::format("{}: {} error{}, {} warning{}; the rule base is not valid\n", printable(rules.path), diags.error_count(),
                       diags.error_count() == 1 ? "" : "s", diags.warning_count(),
                       diags.warning_count() == 1 ? "" : "s");
    return static_cast<int>(ExitCode::invalid_rules);
  }
  const RuleBase& rb = *rules.rb;
  out << fmt::format("{}: ok: {}{}, {}, {}, {}, {}; {}\n", printable(rules.path),
                     counted(static_cast<size_t>(rb.question_count), "question", "questions"),
                     rb.checklists.empty() ? "" : ", " + counted(rb.checklists.size(), "checklist", "checklists"),
                     counted(rb.facts.size() - static_cast<size_t>(rb.question_count), "derived fact", "derived facts"),
                     counted(rb.options.size(), "option", "options"), counted(rb.rules.size(), "rule", "rules"),
                     counted(rb.invariants.size(), "invariant", "invariants"),
                     counted(static_cast<size_t>(diags.warning_count()), "warning", "warnings"));
  return 0;
}

int cmd_rules_verify(const RuleBase& rb, const VerifyCommandOptions& opts, std::ostream& out) {
  VerifyOptions options;
  options.max_examples = opts.max_examples;
  const auto start = std::chrono::steady_clock::now();
  const VerifyReport report = verify(rb, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (report.too_large)
    throw Error(fmt::format("the rule base's decision diagrams need more than {} nodes; verify gave up",
                            options.max_nodes));
  if (!report.internal_error.empty()) throw Error("internal error in verify: " + report.internal_error);
  size_t failed = 0;
  for (const auto& r : report.results) failed += r.violations > 0 ? 1 : 0;
  if (opts.format == "json") {
    nlohmann::ordered_json j;
    j["ok"] = report.ok();
    j["equivalence_classes"] = class_count_json(report.cases);
    j["combinations"] = class_count_json(report.combinations);
    j["seconds"] = seconds;
    const auto result_json = [&](const InvariantResult& r) {
      nlohmann::ordered_json examples = nlohmann::ordered_json::array();
      for (const auto& e : r.examples) {
        nlohmann::ordered_json ex = {{"problem", e.problem}, {"command", assess_command(rb, e.answers)}};
        if (!e.other.empty()) ex["then"] = assess_command(rb, e.other);
        examples.push_back(ex);
      }
      return nlohmann::ordered_json{{"holds", r.violations == 0},
                                    {"cases", class_count_json(r.applied)},
                                    {"violations", class_count_json(r.violations)},
                                    {"counterexamples", examples}};
    };
    j["invariants"] = nlohmann::ordered_json::array();
    for (const auto& r : report.results) {
      nlohmann::ordered_json item = {{"id", rb.invariants[static_cast<size_t>(r.invariant)].id}};
      item.update(result_json(r));
      j["invariants"].push_back(item);
    }
    j["unsure_order"] = nlohmann::ordered_json::array();
    for (const auto& r : report.unsure_order) {
      nlohmann::ordered_json item = {{"question", rb.facts[static_cast<size_t>(r.question)].id}};
      item.update(result_json(r));
      j["unsure_order"].push_back(item);
    }
    out << json_safe(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) << "\n";
    return report.ok() ? 0 : static_cast<int>(ExitCode::other);
  }
  const auto print = [&](const InvariantResult& r, const std::string& id, const std::string& title) {
    if (r.violations == 0) {
      out << fmt::format("ok   {} ({} cases)\n", id, class_count_text(r.applied));
      return;
    }
    out << fmt::format("FAIL {}: {}\n       {} of {} cases violate it; for example:\n", id, title,
                       class_count_text(r.violations), class_count_text(r.applied));
    for (const auto& e : r.examples) {
      out << fmt::format("       - {}:\n           {}\n", e.problem, assess_command(rb, e.answers));
      if (!e.other.empty()) out << fmt::format("         then\n           {}\n", assess_command(rb, e.other));
    }
  };
  for (const auto& r : report.results) {
    const Invariant& inv = rb.invariants[static_cast<size_t>(r.invariant)];
    print(r, inv.id, inv.title);
  }
  size_t unsure_failed = 0;
  for (const auto& r : report.unsure_order) {
    const std::string& q = rb.facts[static_cast<size_t>(r.question)].id;
    print(r, fmt::format("unsure order of {}", q), "no <= unsure <= yes in disposition, whatever the other answers");
    unsure_failed += r.violations > 0 ? 1 : 0;
  }
  std::vector<std::string> per_question;
  for (size_t c : report.classes_per_question) per_question.push_back(std::to_string(c));
  out << fmt::format("{} invariant{} checked over {} equivalence classes of complete answers in {:.2f} s: {} held, "
                     "{} failed\n({} combinations of the classes of {} questions, {}, less those that differ only in "
                     "answers that do not apply)\n",
                     report.results.size(), report.results.size() == 1 ? "" : "s", class_count_text(report.cases),
                     seconds, report.results.size() - failed, failed, class_count_text(report.combinations),
                     report.classes_per_question.size(), fmt::join(per_question, "x"));
  if (!report.unsure_order.empty())
    out << fmt::format("{} question{} accepting unsure: no <= unsure <= yes in disposition proved for {}, failed for {}\n",
                       report.unsure_order.size(), report.unsure_order.size() == 1 ? "" : "s",
                       report.unsure_order.size() - unsure_failed, unsure_failed);
  return report.ok() ? 0 : static_cast<int>(ExitCode::other);
}

int cmd_rules_graph(const RuleBase& rb, const std::string& format, std::ostream& out) {
  out << (format == "mermaid" ? rule_graph_mermaid(rb) : rule_graph_dot(rb));
  return 0;
}

int cmd_rules_show(const RuleBase& rb, const std::string& id, std::ostream& out) {
  const std::string text = show_element(rb, id);
  if (text.empty()) {
    std::vector<std::string> ids;
    for (const auto& f : rb.facts) ids.push_back(f.id);
    for (const auto& r : rb.rules) ids.push_back(r.id);
    for (const auto& o : rb.options) ids.push_back(o.id);
    for (const auto& d : rb.dispositions) ids.push_back(d.id);
    for (const auto& i : rb.invariants) ids.push_back(i.id);
    throw Error(fmt::format("no rule, question, fact, option, disposition or invariant is called '{}'{}", printable(id),
                            did_you_mean(id, ids)),
                ErrorKind::bad_input);
  }
  out << text;
  return 0;
}

int cmd_rules_list(const RuleBase& rb, const std::string& kind, std::ostream& out) {
  const bool all = kind.empty();
  if (all || kind == "questions")
    for (FactId q : rb.question_order)
      out << fmt::format("{}{}\t{}\n", all ? "question\t" : "", rb.facts[static_cast<size_t>(q)].id,
                         rb.facts[static_cast<size_t>(q)].text);
  if (all || kind == "dispositions")
    for (const auto& d : rb.dispositions) out << fmt::format("{}{}\t{}\n", all ? "disposition\t" : "", d.id, d.title);
  if (all || kind == "options")
    for (const auto& o : rb.options) out << fmt::format("{}{}\t{}\n", all ? "option\t" : "", o.id, o.title);
  if (all || kind == "rules")
    for (const auto& r : rb.rules) out << fmt::format("{}{}\t{}\n", all ? "rule\t" : "", r.id, r.title);
  return 0;
}

void register_rules(CLI::App& app, const LoadedRules&, CommandTable& table) {
  CLI::App* rules_cmd = app.add_subcommand("rules", "Audit the rule base");
  rules_cmd->require_subcommand(1);
  auto output = std::make_shared<std::string>();  // one command runs at a time: they share it
  const auto to = [output](const Context& c, const std::function<int(std::ostream&)>& command) {
    return with_output(*output, c.out, command);
  };

  CLI::App* check = rules_cmd->add_subcommand(
      "check", "Validate and analyse the rule base; print each problem as file:line:col, exit 4 on an error");
  auto check_opts = std::make_shared<CheckOptions>();
  check->add_flag("--strict", check_opts->strict, "Treat warnings as errors");
  one_of(check->add_option("--format", check_opts->format,
                           "Output: text (the default), json, or sarif (SARIF 2.1.0, for CI servers and code hosts)"),
         {"text", "json", "sarif"});
  table.add(
      check, [to, check_opts](const Context& c) {
        return to(c, [&](std::ostream& o) { return cmd_rules_check(c.rules, *check_opts, o, c.err); });
      },
      /*needs_valid_rules=*/false);

  CLI::App* verify = rules_cmd->add_subcommand(
      "verify", "Check the invariants over every equivalence class of answers; exit 1 on a counterexample");
  auto verify_opts = std::make_shared<VerifyCommandOptions>();
  one_of(verify->add_option("--format", verify_opts->format, "Output: text (the default) or json"), {"text", "json"});
  whole_number(verify->add_option("--max-examples", verify_opts->max_examples,
                                  fmt::format("Counterexamples shown per invariant (default: {})", verify_opts->max_examples)),
               1, 1000);
  table.add(verify, [to, verify_opts](const Context& c) {
    return to(c, [&](std::ostream& o) { return cmd_rules_verify(c.rb(), *verify_opts, o); });
  });

  CLI::App* graph = rules_cmd->add_subcommand("graph", "The rule graph: questions -> rules -> facts -> results");
  auto graph_format = std::make_shared<std::string>("dot");
  one_of(graph->add_option("--format", *graph_format, "dot (Graphviz, the default) or mermaid"), {"dot", "mermaid"});
  table.add(graph, [to, graph_format](const Context& c) {
    return to(c, [&](std::ostream& o) { return cmd_rules_graph(c.rb(), *graph_format, o); });
  });

  register_rules_doc(*rules_cmd, table);
  register_rules_diff(*rules_cmd, table);

  CLI::App* show = rules_cmd->add_subcommand("show", "One rule, question, fact, option, disposition or invariant in plain words");
  auto show_id = std::make_shared<std::string>();
  table.complete_with_ids(
      show->add_option("id", *show_id, "The id to show (backtriage rules list shows them)")->required()->option_text("ID"),
      IdValues::any);
  table.add(show, [to, show_id](const Context& c) {
    return to(c, [&](std::ostream& o) { return cmd_rules_show(c.rb(), *show_id, o); });
  });

  CLI::App* test = rules_cmd->add_subcommand("test", "Run scenario files (answers in, expected results out); exit 1 if any fails");
  auto test_paths = std::make_shared<std::vector<std::string>>();
  existing_path(test->add_option("paths", *test_paths, "Scenario files, or folders of them (docs/scenarios.md)")->required(),
                "PATH...");
  auto test_format = std::make_shared<std::string>("text");
  one_of(test->add_option("--format", *test_format,
                          "Output: text (the default), json, tap (TAP 14) or junit (JUnit XML), for CI servers"),
         {"text", "json", "tap", "junit"});
  auto test_coverage = std::make_shared<bool>(false);
  test->add_flag("--coverage", *test_coverage,
                 "Also report the rules, condition branches and options the scenarios exercise (text or json)");
  table.add(test, [to, test_paths, test_format, test_coverage](const Context& c) {
    return to(c, [&](std::ostream& o) {
      return cmd_rules_test(c.rb(), *test_paths, *test_format, *test_coverage, o, c.err);
    });
  });

  CLI::App* list = rules_cmd->add_subcommand("list", "List ids and titles: questions, dispositions, options, rules");
  auto list_kind = std::make_shared<std::string>();
  one_of(list->add_option("kind", *list_kind, "Only one kind: questions, dispositions, options or rules"),
         {"questions", "dispositions", "options", "rules"});
  table.add(list, [to, list_kind](const Context& c) {
    return to(c, [&](std::ostream& o) { return cmd_rules_list(c.rb(), *list_kind, o); });
  });

  for (CLI::App* sub : {rules_cmd, check, test, list, verify, graph, show}) sub->footer(kGlobalOptions);
  for (CLI::App* sub : {check, test, list, verify, graph, show}) add_output_option(sub, *output);
}

}  // namespace backtriage::cli
