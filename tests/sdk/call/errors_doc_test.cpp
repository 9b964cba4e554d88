#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>

#include "medins/status.hpp"
#include "test_support.hpp"

// docs/errors.md documents every code exactly once: the codes defined in
// medins/errors/*.def and the table rows of the doc must be the same set.
TEST_SUITE("call") {
  TEST_CASE("docs/errors.md lists exactly the defined codes") {
    std::string doc = medins::testing::read_file(std::string(MEDINS_SOURCE_DIR) + "/docs/errors.md");
    REQUIRE(!doc.empty());
    std::set<std::string> documented;
    std::regex row(R"(^\|\s*`([a-z_]+\.[a-z_]+)`\s*\|)", std::regex::multiline);
    for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator(); ++it) {
      bool inserted = documented.insert((*it)[1].str()).second;
      CHECK_MESSAGE(inserted, "documented twice: " << (*it)[1].str());
    }
    std::set<std::string> defined;
    for (std::size_t i = 1; i <= medins::error_code_count(); ++i)
      defined.insert(std::string(medins::code_string(static_cast<medins::Code>(i))));
    for (const auto& code : defined) CHECK_MESSAGE(documented.count(code), "undocumented: " << code);
    for (const auto& code : documented) CHECK_MESSAGE(defined.count(code), "not defined: " << code);
  }

  TEST_CASE("codes round-trip through their dotted strings") {
    for (std::size_t i = 1; i <= medins::error_code_count(); ++i) {
      auto code = static_cast<medins::Code>(i);
      CHECK(medins::code_from_string(medins::code_string(code)) == code);
    }
    CHECK(medins::code_from_string("no.such") == medins::Code::Ok);
  }
}
