// The flow module's ops: flow.* drive hospital-defined flows, status.* apply
// issuer-signed status events and render their notifications.
#include "call/op_table.hpp"
#include "internal/json_util.hpp"
#include "medins/flow.hpp"

namespace medins {
namespace {

using internal::Fields;

Result<std::vector<std::string>> key_list(const Fields& f, const json* keys) {
  std::vector<std::string> out;
  if (!keys || keys->empty() || keys->size() > 32) return f.error("keys", "must list 1 to 32 k4.public keys");
  for (const auto& k : *keys) {
    if (!k.is_string()) return f.error("keys", "must list k4.public key strings");
    out.push_back(k.get<std::string>());
  }
  return out;
}

// `definition` is either the definition object itself (bundled with the app,
// or under test) or a v4.public token that must verify against `keys`.
Result<flow::Definition> load_definition(const json& in) {
  Fields f(in, Code::FlowBadInput);
  auto it = in.find("definition");
  if (it == in.end() || !(it->is_object() || it->is_string()))
    return f.error("definition", "is required (a flow definition object or a v4.public token)");
  if (it->is_object()) return flow::parse_definition(*it);
  MEDINS_ASSIGN_OR_RETURN(const json* keys, f.optional_array("keys"));
  MEDINS_ASSIGN_OR_RETURN(auto list, key_list(f, keys));
  return flow::verify_definition(it->get_ref<const std::string&>(), list);
}

json view(const flow::Definition& def, const flow::Instance& inst) {
  json allowed = json::array();
  for (auto& id : flow::allowed_next(def, inst)) allowed.push_back(std::move(id));
  const flow::Step* step = def.find(inst.current);
  bool finished = step->kind == "done";
  json out = {{"state", flow::instance_to_json(inst)},
              {"current", inst.current},
              {"step", step->kind},
              {"optional", step->optional},
              {"finished", finished},
              {"allowed", std::move(allowed)}};
  if (!step->page.is_null()) out["page"] = step->page;
  return out;
}

Result<flow::Instance> load_instance(const flow::Definition& def, const json& in) {
  Fields f(in, Code::FlowBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* state, f.object("state"));
  return flow::instance_from_json(def, *state);
}

Result<json> op_flow_validate(const json& in, Context&) {
  MEDINS_ASSIGN_OR_RETURN(flow::Definition def, load_definition(in));
  json steps = json::array();
  for (const auto& s : def.steps) steps.push_back({{"id", s.id}, {"step", s.kind}, {"optional", s.optional}});
  return json{{"valid", true}, {"id", def.id},       {"version", def.version},
              {"digest", def.digest}, {"start", def.start}, {"steps", std::move(steps)}};
}

Result<json> op_flow_start(const json& in, Context& ctx) {
  MEDINS_ASSIGN_OR_RETURN(flow::Definition def, load_definition(in));
  MEDINS_ASSIGN_OR_RETURN(std::int64_t now, ctx.now(Fields(in, Code::FlowBadInput)));
  MEDINS_ASSIGN_OR_RETURN(flow::Instance inst, flow::start(def, now));
  return view(def, inst);
}

Result<json> op_flow_advance(const json& in, Context& ctx) {
  Fields f(in, Code::FlowBadInput);
  MEDINS_ASSIGN_OR_RETURN(flow::Definition def, load_definition(in));
  MEDINS_ASSIGN_OR_RETURN(flow::Instance inst, load_instance(def, in));
  MEDINS_ASSIGN_OR_RETURN(auto to, f.optional_string("to"));
  MEDINS_ASSIGN_OR_RETURN(const json* data, f.optional_object("data"));
  MEDINS_ASSIGN_OR_RETURN(std::int64_t now, ctx.now(f));
  MEDINS_ASSIGN_OR_RETURN(inst, flow::advance(def, std::move(inst), to, data ? *data : json(nullptr), now));
  return view(def, inst);
}

Result<json> op_flow_back(const json& in, Context&) {
  Fields f(in, Code::FlowBadInput);
  MEDINS_ASSIGN_OR_RETURN(flow::Definition def, load_definition(in));
  MEDINS_ASSIGN_OR_RETURN(flow::Instance inst, load_instance(def, in));
  MEDINS_ASSIGN_OR_RETURN(auto to, f.optional_string("to"));
  MEDINS_ASSIGN_OR_RETURN(inst, flow::back(def, std::move(inst), to));
  return view(def, inst);
}

Result<flow::Locale> locale_of(const Fields& f, Context& ctx) {
  flow::Locale loc;
  MEDINS_ASSIGN_OR_RETURN(auto lang, f.optional_string("lang"));
  if (lang) loc.lang = *lang;
  MEDINS_ASSIGN_OR_RETURN(loc.now, ctx.now(f));
  MEDINS_ASSIGN_OR_RETURN(auto tz, f.optional_integer("tz_offset_min"));
  loc.tz_offset_min = tz.value_or(0);
  MEDINS_ASSIGN_OR_RETURN(auto channel, f.optional_string("channel"));
  if (channel) loc.channel = *channel;
  MEDINS_RETURN_IF_ERROR(flow::check_locale(loc));
  return loc;
}

Result<json> op_status_render(const json& in, Context& ctx) {
  Fields f(in, Code::StatusBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* timeline, f.object("timeline"));
  MEDINS_ASSIGN_OR_RETURN(flow::Locale loc, locale_of(f, ctx));
  return flow::notification(*timeline, loc);
}

Result<json> op_status_due(const json& in, Context& ctx) {
  Fields f(in, Code::StatusBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* timelines, f.object("timelines"));
  MEDINS_ASSIGN_OR_RETURN(std::int64_t days, f.integer("days"));
  MEDINS_ASSIGN_OR_RETURN(flow::Locale loc, locale_of(f, ctx));
  return flow::due(*timelines, days, loc);
}

Result<json> op_flow_sign(const json& in, Context&) {
  Fields f(in, Code::FlowBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* definition, f.object("definition"));
  MEDINS_ASSIGN_OR_RETURN(std::string key, f.string("key"));
  MEDINS_ASSIGN_OR_RETURN(std::string token, flow::sign_definition(*definition, key));
  return json{{"token", std::move(token)}};
}

Result<json> op_status_sign(const json& in, Context&) {
  Fields f(in, Code::StatusBadInput);
  MEDINS_ASSIGN_OR_RETURN(const json* payload, f.object("event"));
  MEDINS_ASSIGN_OR_RETURN(std::string key, f.string("key"));
  MEDINS_ASSIGN_OR_RETURN(flow::Event event, flow::parse_event(*payload));
  MEDINS_ASSIGN_OR_RETURN(std::string token, flow::sign_event(event, key));
  return json{{"token", std::move(token)}};
}

// Trusted keys: "k4.public.…" (any issuer) or {"key": "k4.public.…", "iss": "…"}.
Result<std::vector<flow::TrustedKey>> trusted_keys(const Fields& f) {
  MEDINS_ASSIGN_OR_RETURN(const json* keys, f.array("keys"));
  if (keys->empty() || keys->size() > 32) return f.error("keys", "must list 1 to 32 trusted keys");
  std::vector<flow::TrustedKey> out;
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const json& k = (*keys)[i];
    if (k.is_string()) {
      out.push_back({k.get<std::string>(), std::nullopt});
      continue;
    }
    Fields kf(k, Code::StatusBadInput, "keys[" + std::to_string(i) + "].");
    MEDINS_RETURN_IF_ERROR(kf.require_object());
    flow::TrustedKey t;
    MEDINS_ASSIGN_OR_RETURN(t.key, kf.string("key"));
    MEDINS_ASSIGN_OR_RETURN(t.issuer, kf.optional_string("iss"));
    out.push_back(std::move(t));
  }
  return out;
}

Result<json> op_status_apply(const json& in, Context& ctx) {
  Fields f(in, Code::StatusBadInput);
  MEDINS_ASSIGN_OR_RETURN(std::string token, f.string("event"));
  MEDINS_ASSIGN_OR_RETURN(auto trusted, trusted_keys(f));
  MEDINS_ASSIGN_OR_RETURN(const json* timelines, f.optional_object("timelines"));
  MEDINS_ASSIGN_OR_RETURN(flow::Locale loc, locale_of(f, ctx));
  MEDINS_ASSIGN_OR_RETURN(flow::VerifiedEvent verified, flow::verify_event(token, trusted));
  MEDINS_ASSIGN_OR_RETURN(flow::ApplyOutcome outcome,
                          flow::apply_event(timelines ? *timelines : json::object(), verified.event));
  json notification = nullptr;
  if (!outcome.applied.empty()) {
    MEDINS_ASSIGN_OR_RETURN(notification, flow::notification(outcome.timelines[outcome.key], loc));
  }
  return json{{"timelines", std::move(outcome.timelines)},
              {"subject", outcome.key},
              {"kid", verified.kid},
              {"applied", outcome.applied},
              {"duplicate", outcome.duplicate},
              {"pending", outcome.pending},
              {"refused", outcome.refused},
              {"notification", std::move(notification)}};
}

constexpr OpDef kOps[] = {
    {"flow.validate", &op_flow_validate}, {"flow.start", &op_flow_start},   {"flow.advance", &op_flow_advance},
    {"flow.back", &op_flow_back},         {"flow.sign", &op_flow_sign},     {"status.apply", &op_status_apply},
    {"status.sign", &op_status_sign},     {"status.render", &op_status_render}, {"status.due", &op_status_due},
};

}  // namespace

std::span<const OpDef> flow_ops() { return kOps; }

}  // namespace medins
