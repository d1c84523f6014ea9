// The rule book as a small document model, built once from the rule base and rendered to HTML or
// Markdown, so that both formats always hold the same content.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace backtriage::book {

/// A run of text: plain, code (an id or a condition), or a link to an anchor in the document.
struct Span {
  std::string text;
  std::string link;  // an anchor, without '#'; empty: no link
  bool code = false;
};
using Inline = std::vector<Span>;

/// One labelled value of an element; several items are shown as a list.
struct Field {
  std::string label;
  std::vector<Inline> items;
};

/// One element: a question, a rule, an option...
struct Entry {
  std::string anchor;
  std::string kind;   // "question", "rule", ...
  std::string id;
  std::string title;
  std::string badge;  // e.g. "red flag: emergency"; empty for none
  std::vector<Field> fields;
};

struct Section {
  std::string anchor;
  std::string title;
  std::string intro;
  std::vector<Entry> entries;
};

struct Document {
  std::string title;
  std::string lead;               // what this document is and how to review it
  std::vector<Field> overview;    // name, version, files, fingerprint, counts
  std::vector<Section> sections;
  std::optional<std::string> graph_svg;
  std::string graph_dot;          // shown when there is no SVG
  std::string fingerprint;
  std::string generator;
};

std::string render_html(const Document& doc);
std::string render_markdown(const Document& doc);

}  // namespace backtriage::book
