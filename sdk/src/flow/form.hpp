// The page a flow step may carry (title, help, form fields; docs/flows.md
// "Pages"): checked once with the definition, then the data a patient submits
// is checked against it by flow.advance.
#ifndef MEDINS_SRC_FLOW_FORM_HPP
#define MEDINS_SRC_FLOW_FORM_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "medins/status.hpp"

namespace medins::flow::detail {

// Returns whether `id` is a flow, step, field or fact name: [a-z0-9_.-]{1,64}.
bool valid_id(std::string_view id);

// Returns the page of step `step` (an object) as {title?, help?, fields?},
// null when it has none; `where` is its path ("steps[3]"), `id` its id. Fails
// with flow.bad_definition, flow.unknown_field_type, flow.untranslated or
// flow.consent_without_text.
Result<nlohmann::json> parse_page(const nlohmann::json& step, const std::string& where, const std::string& id);

// Returns whether `page` (from parse_page) declares a field named `name`.
bool has_field(const nlohmann::json& page, std::string_view name);

// Checks `data` (an object or null) against the fields of `page`; fails with
// the flow.field_* / flow.consent_not_given code of the first problem, detail
// {step, field, problems: [{field, code}]} listing every field at fault.
Status check_data(const nlohmann::json& page, const nlohmann::json& data, const std::string& id);

}  // namespace medins::flow::detail

#endif  // MEDINS_SRC_FLOW_FORM_HPP
