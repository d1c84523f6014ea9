// The name of an input file, shared by every source location that points into it.
// A rule or answers file of 100k YAML nodes holds two locations per node; with the name copied
// into each, a 4 KiB path cost 1.6 GB. Sharing one immutable string makes a location's memory
// independent of the path's length.
#pragma once

#include <compare>
#include <memory>
#include <string>
#include <string_view>

namespace backtriage {

class FileName {
 public:
  FileName() = default;
  // Implicit on purpose: a name is given as a string everywhere; the one allocation happens here
  // and every copy of the FileName after it shares the text.
  FileName(std::string name)  // NOLINT(google-explicit-constructor)
      : text_(name.empty() ? nullptr : std::make_shared<const std::string>(std::move(name))) {}
  FileName(const char* name) : FileName(std::string(name)) {}  // NOLINT(google-explicit-constructor)
  FileName(std::string_view name) : FileName(std::string(name)) {}  // NOLINT(google-explicit-constructor)

  const std::string& str() const { return text_ ? *text_ : empty_text(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return str(); }     // NOLINT(google-explicit-constructor)
  bool empty() const { return !text_; }

  friend bool operator==(const FileName& a, const FileName& b) {
    return a.text_ == b.text_ || a.str() == b.str();
  }
  friend std::strong_ordering operator<=>(const FileName& a, const FileName& b) {
    return a.str() <=> b.str();
  }

 private:
  static const std::string& empty_text() {
    static const std::string empty;
    return empty;
  }
  std::shared_ptr<const std::string> text_;
};

}  // namespace backtriage
