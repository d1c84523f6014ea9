// The rule book document as HTML (one file: inline style, inline SVG, no scripts, nothing fetched)
// or as Markdown (CommonMark; the graph as inline SVG, which Markdown allows as raw HTML).
#include <fmt/format.h>

#include "audit/rule_book_doc.hpp"
#include "base/text.hpp"

namespace backtriage::book {

namespace {

/// Text that Markdown must show as it is: every ASCII punctuation that could start markup is
/// backslash-escaped (CommonMark allows escaping any of them), line breaks become spaces.
std::string md_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (std::string_view("\\`*_[]<>|#&!{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

/// A code span that holds any text: fenced with more backticks than the text's longest run.
std::string md_code(std::string_view s) {
  size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  std::string text(s);
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  const bool pad = text.starts_with('`') || text.ends_with('`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

constexpr const char* kStyle = R"(
:root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --red: #b91c1c; --accent: #1d4ed8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
       max-width: 62rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
a { color: var(--accent); }
code { font: .9em/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: #f3f4f6; padding: .05em .3em; border-radius: 3px; }
a code { background: #eff6ff; }
.lead { color: var(--muted); }
nav ol { columns: 2; }
.intro { color: var(--muted); margin-top: 0; }
article { border: 1px solid var(--line); border-left: 4px solid #9ca3af; border-radius: 6px; padding: .75rem 1rem; margin: .75rem 0;
          break-inside: avoid; }
article.rule.red-flag { border-left-color: var(--red); }
article.question { border-left-color: #2563eb; }
article.option { border-left-color: #15803d; }
article.invariant { border-left-color: #7c3aed; }
.kind { text-transform: uppercase; font-size: .7rem; letter-spacing: .06em; color: var(--muted); margin-right: .4rem; }
.badge { display: inline-block; font-size: .75rem; font-weight: 600; color: #fff; background: var(--red); border-radius: 999px;
         padding: .05rem .55rem; margin-left: .4rem; vertical-align: middle; }
article.result .badge { background: #4b5563; }
dl { display: grid; grid-template-columns: 11rem 1fr; gap: .2rem 1rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; }
dd ul { margin: 0; padding-left: 1.2rem; }
figure { margin: 1rem 0; overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: .5rem; }
figure svg { max-width: 100%; height: auto; }
pre { overflow-x: auto; background: #f9fafb; border: 1px solid var(--line); padding: .75rem; font-size: .8rem; }
table.signoff { border-collapse: collapse; width: 100%; margin-top: 1rem; }
table.signoff th, table.signoff td { border: 1px solid #9ca3af; padding: .5rem; text-align: left; height: 2.4rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } nav { display: none; } a { color: inherit; }
               h2 { break-before: page; } h2#sources { break-before: auto; } }
)";

constexpr const char* kSignoffText =
    "I have reviewed every question, rule, option, result and invariant in this rule book, and the sources they "
    "cite, for the rule files with the fingerprint above.";

class Html {
 public:
  std::string render(const Document& doc) {
    out_ += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    // Nothing is fetched: a page that needs the network is not the page that was signed.
    out_ += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out_ += fmt::format("<meta name=\"generator\" content=\"{}\">\n", html_escape(doc.generator));
    out_ += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", html_escape(doc.title), kStyle);
    out_ += fmt::format("<header>\n<h1>{}</h1>\n<p class=\"lead\">{}</p>\n", html_escape(doc.title), html_escape(doc.lead));
    fields(doc.overview);
    out_ += "</header>\n<nav>\n<h2 id=\"contents\">Contents</h2>\n<ol>\n";
    for (const Section& s : doc.sections)
      out_ += fmt::format("<li><a href=\"#{}\">{}</a> ({})</li>\n", s.anchor, html_escape(s.title), s.entries.size());
    out_ += "<li><a href=\"#graph\">Rule graph</a></li>\n<li><a href=\"#sign-off\">Sign-off</a></li>\n</ol>\n</nav>\n<main>\n";
    for (const Section& s : doc.sections) section(s);
    graph(doc);
    signoff(doc);
    out_ += fmt::format("</main>\n<footer>Generated by {} from the rule files with fingerprint {}.</footer>\n</body>\n</html>\n",
                        html_escape(doc.generator), html_escape(doc.fingerprint));
    return std::move(out_);
  }

 private:
  void inline_text(const Inline& spans) {
    for (const Span& s : spans) {
      std::string t = html_escape(s.text);
      if (s.code) t = "<code>" + t + "</code>";
      if (!s.link.empty()) t = fmt::format("<a href=\"#{}\">{}</a>", html_escape(s.link), t);
      out_ += t;
    }
  }
  void fields(const std::vector<Field>& fs) {
    out_ += "<dl>\n";
    for (const Field& f : fs) {
      out_ += fmt::format("<dt>{}</dt><dd>", html_escape(f.label));
      if (f.items.size() == 1) {
        inline_text(f.items[0]);
      } else {
        out_ += "<ul>";
        for (const Inline& item : f.items) {
          out_ += "<li>";
          inline_text(item);
          out_ += "</li>";
        }
        out_ += "</ul>";
      }
      out_ += "</dd>\n";
    }
    out_ += "</dl>\n";
  }
  void section(const Section& s) {
    out_ += fmt::format("<section>\n<h2 id=\"{}\">{}</h2>\n<p class=\"intro\">{}</p>\n", s.anchor, html_escape(s.title),
                        html_escape(s.intro));
    if (s.entries.empty()) out_ += "<p>None.</p>\n";
    for (const Entry& e : s.entries) {
      out_ += fmt::format("<article id=\"{}\" class=\"{}{}\">\n<h3><span class=\"kind\">{}</span><code>{}</code> {}", html_escape(e.anchor),
                          e.kind, e.badge.empty() || e.kind != "rule" ? "" : " red-flag", e.kind, html_escape(e.id),
                          html_escape(e.title));
      if (!e.badge.empty()) out_ += fmt::format("<span class=\"badge\">{}</span>", html_escape(e.badge));
      out_ += "</h3>\n";
      fields(e.fields);
      out_ += "</article>\n";
    }
    out_ += "</section>\n";
  }
  void graph(const Document& doc) {
    out_ += "<section>\n<h2 id=\"graph\">Rule graph</h2>\n"
            "<p class=\"intro\">Questions (blue boxes) and derived facts (yellow diamonds) feed rules (grey), which reach "
            "results (red octagons) and recommend or avoid options (green notes). Dotted edges: a question asked only "
            "when another answer allows.</p>\n";
    if (doc.graph_svg) {
      out_ += "<figure>\n" + *doc.graph_svg + "\n</figure>\n";
    } else {
      out_ += "<p>Graphviz was not installed when this book was made, so the graph is given as DOT text: draw it with "
              "<code>dot -Tsvg</code>, or install Graphviz and make the book again.</p>\n<pre>" +
              html_escape(doc.graph_dot) + "</pre>\n";
    }
    out_ += "</section>\n";
  }
  void signoff(const Document& doc) {
    out_ += fmt::format("<section>\n<h2 id=\"sign-off\">Sign-off</h2>\n<p>{}</p>\n<p>Fingerprint: <code>{}</code></p>\n",
                        html_escape(kSignoffText), html_escape(doc.fingerprint));
    out_ += "<table class=\"signoff\">\n<tr><th>Name</th><th>Role</th><th>Date</th><th>Signature</th><th>Comments</th></tr>\n";
    for (int i = 0; i < 3; ++i) out_ += "<tr><td></td><td></td><td></td><td></td><td></td></tr>\n";
    out_ += "</table>\n</section>\n";
  }

  std::string out_;
};

class Markdown {
 public:
  std::string render(const Document& doc) {
    out_ += fmt::format("# {}\n\n{}\n\n", md_escape(doc.title), md_escape(doc.lead));
    fields(doc.overview);
    out_ += "## Contents\n\n";
    int n = 0;
    for (const Section& s : doc.sections)
      out_ += fmt::format("{}. [{}](#{}) ({})\n", ++n, md_escape(s.title), s.anchor, s.entries.size());
    out_ += fmt::format("{}. [Rule graph](#graph)\n{}. [Sign-off](#sign-off)\n\n", n + 1, n + 2);
    for (const Section& s : doc.sections) section(s);
    graph(doc);
    out_ += fmt::format("<a id=\"sign-off\"></a>\n\n## Sign-off\n\n{}\n\nFingerprint: {}\n\n", md_escape(kSignoffText),
                        md_code(doc.fingerprint));
    out_ += "| Name | Role | Date | Signature | Comments |\n|---|---|---|---|---|\n";
    for (int i = 0; i < 3; ++i) out_ += "| | | | | |\n";
    out_ += fmt::format("\n---\n\nGenerated by {} from the rule files with fingerprint {}.\n", md_escape(doc.generator),
                        md_code(doc.fingerprint));
    return std::move(out_);
  }

 private:
  std::string inline_text(const Inline& spans) {
    std::string out;
    for (const Span& s : spans) {
      std::string t = s.code ? md_code(s.text) : md_escape(s.text);
      if (!s.link.empty()) t = fmt::format("[{}](#{})", t, s.link);
      out += t;
    }
    return out;
  }
  void fields(const std::vector<Field>& fs) {
    for (const Field& f : fs) {
      if (f.items.size() == 1) {
        out_ += fmt::format("- **{}:** {}\n", md_escape(f.label), inline_text(f.items[0]));
        continue;
      }
      out_ += fmt::format("- **{}:**\n", md_escape(f.label));
      for (const Inline& item : f.items) out_ += fmt::format("  - {}\n", inline_text(item));
    }
    out_ += "\n";
  }
  void section(const Section& s) {
    // Explicit anchors: the same ids as the HTML book, whatever a renderer makes of headings.
    out_ += fmt::format("<a id=\"{}\"></a>\n\n## {}\n\n{}\n\n", s.anchor, md_escape(s.title), md_escape(s.intro));
    if (s.entries.empty()) out_ += "None.\n\n";
    for (const Entry& e : s.entries) {
      out_ += fmt::format("<a id=\"{}\"></a>\n\n### {} {} {}{}\n\n", e.anchor, e.kind, md_code(e.id), md_escape(e.title),
                          e.badge.empty() ? "" : " (" + md_escape(e.badge) + ")");
      fields(e.fields);
    }
  }
  void graph(const Document& doc) {
    out_ += "<a id=\"graph\"></a>\n\n## Rule graph\n\n"
            "Questions (blue boxes) and derived facts (yellow diamonds) feed rules (grey), which reach results (red "
            "octagons) and recommend or avoid options (green notes).\n\n";
    if (doc.graph_svg) {
      // An HTML block ends at a blank line, so the SVG is kept free of them.
      std::string svg;
      for (size_t start = 0; start < doc.graph_svg->size();) {
        size_t end = doc.graph_svg->find('\n', start);
        if (end == std::string::npos) end = doc.graph_svg->size();
        const std::string_view line(doc.graph_svg->data() + start, end - start);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) (svg += line) += '\n';
        start = end + 1;
      }
      out_ += "<div>\n" + svg + "</div>\n\n";
    } else {
      out_ += "Graphviz was not installed when this book was made; draw the graph with `dot -Tsvg`:\n\n```dot\n" +
              doc.graph_dot + "```\n\n";
    }
  }

  std::string out_;
};

}  // namespace

std::string render_html(const Document& doc) { return Html().render(doc); }
std::string render_markdown(const Document& doc) { return Markdown().render(doc); }

}  // namespace backtriage::book
